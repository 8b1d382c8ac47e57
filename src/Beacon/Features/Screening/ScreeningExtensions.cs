using OpenTelemetry.Instrumentation.AspNetCore;

namespace Beacon.Features.Screening;

public static class ScreeningExtensions
{
    public static WebApplicationBuilder AddScreening(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InstrumentCatalog>();
        builder.Services.AddHostedService<InstrumentStartupCheck>();
        // Toolkit requests carry what staff typed (search terms, answers): traces keep the route, never the
        // query string or the browser's User-Agent (issue 6, privacy).
        builder.Services.Configure<AspNetCoreTraceInstrumentationOptions>(options =>
        {
            var previous = options.EnrichWithHttpRequest;
            options.EnrichWithHttpRequest = (activity, request) =>
            {
                previous?.Invoke(activity, request);
                if (request.Path.StartsWithSegments("/toolkit", StringComparison.OrdinalIgnoreCase))
                {
                    activity.SetTag("url.query", null);
                    activity.SetTag("user_agent.original", null);
                }
            };
        });
        return builder;
    }
}

/// <summary>Loads the shipped instruments as the app starts, so a broken file stops the start with file and line.</summary>
internal sealed class InstrumentStartupCheck(InstrumentCatalog catalog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = catalog.Shipped;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
