using Beacon.Features.Scheduling;

namespace Beacon.Features.ReferralDirectory;

public static class DirectoryExtensions
{
    /// <summary>The referral directory, national resources, CSV import/export, the patient card and review notices.</summary>
    public static WebApplicationBuilder AddDirectory(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<NationalResourceService>();
        builder.Services.AddSingleton<HandoutCatalog>();
        builder.Services.AddScoped<DirectoryReviewNotices>();
        // Hourly: each practice's entries past review are noticed once per review date, whichever node runs it.
        builder.Services.AddScheduledWork(DirectoryReviewNotices.WorkName, TimeSpan.FromHours(1), MissedRunPolicy.RunOnceNow,
            (services, now, cancellationToken) => services.GetRequiredService<DirectoryReviewNotices>().RunAsync(now, cancellationToken));
        return builder;
    }
}
