using OpenTelemetry.Instrumentation.AspNetCore;

namespace Beacon.Features.Screening;

public static class ScreeningExtensions
{
    public static WebApplicationBuilder AddScreening(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InstrumentCatalog>();
        builder.Services.AddHostedService<InstrumentStartupCheck>();
        // Toolkit requests carry what staff typed (search terms, answers, made-up addresses): traces keep the
        // route template, never the path as sent, the query string or the browser's User-Agent (issue 6, privacy).
        builder.Services.Configure<AspNetCoreTraceInstrumentationOptions>(options =>
        {
            var previousRequest = options.EnrichWithHttpRequest;
            options.EnrichWithHttpRequest = (activity, request) =>
            {
                previousRequest?.Invoke(activity, request);
                if (IsToolkit(request.Path))
                {
                    activity.SetTag("url.path", "/toolkit");
                    activity.SetTag("url.query", null);
                    activity.SetTag("user_agent.original", null);
                }
            };
            var previousResponse = options.EnrichWithHttpResponse;
            options.EnrichWithHttpResponse = (activity, response) =>
            {
                previousResponse?.Invoke(activity, response);
                if (IsToolkit(response.HttpContext.Request.Path) &&
                    response.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route } && route.TrimStart('/').StartsWith("toolkit", StringComparison.Ordinal))
                {
                    activity.SetTag("url.path", "/" + route.TrimStart('/'));
                }
            };
        });
        return builder;
    }

    private static bool IsToolkit(PathString path) => path.StartsWithSegments("/toolkit", StringComparison.OrdinalIgnoreCase);
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
