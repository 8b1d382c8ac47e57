using Beacon.Features.Scheduling;

namespace Beacon.Features.Compliance;

public static class ComplianceExtensions
{
    /// <summary>The compliance dashboard's background work: kept figures counted for each practice's new day.</summary>
    public static WebApplicationBuilder AddCompliance(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ComplianceDayRefresh>();
        // Every 15 minutes: a practice's new day (its own time zone) is counted within a quarter of an hour of midnight.
        builder.Services.AddScheduledWork(ComplianceDayRefresh.WorkName, TimeSpan.FromMinutes(15), MissedRunPolicy.RunOnceNow,
            (services, now, cancellationToken) => services.GetRequiredService<ComplianceDayRefresh>().RunAsync(now, cancellationToken));
        return builder;
    }
}
