namespace Beacon.Features.Series;

public static class SeriesExtensions
{
    public static WebApplicationBuilder AddSeries(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SeriesService>();
        return builder;
    }
}
