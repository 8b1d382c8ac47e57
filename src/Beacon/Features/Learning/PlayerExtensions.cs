namespace Beacon.Features.Learning;

public static class PlayerExtensions
{
    /// <summary>The self-paced player and its pre/post-test pages (the pages themselves are Razor Pages under /learn).</summary>
    public static WebApplicationBuilder AddPlayer(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<LessonPlayer>();
        return builder;
    }
}
