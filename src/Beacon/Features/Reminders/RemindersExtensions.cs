using Beacon.Features.Scheduling;

namespace Beacon.Features.Reminders;

public static class RemindersExtensions
{
    /// <summary>The reminder scan (called by the scheduler), its folding into emails and notifications, and the settings pages.</summary>
    public static WebApplicationBuilder AddReminders(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReminderFolding>();
        builder.Services.AddScoped<ReminderScan>();
        // Every 15 minutes on one node of the cluster; the scan itself picks the practices whose local
        // sending hour has come, and the ledger's key makes a repeated or recovered run add nothing.
        // A run missed while every node was down is made up once at start.
        builder.Services.AddScheduledWork(ReminderScan.WorkName, TimeSpan.FromMinutes(15), MissedRunPolicy.RunOnceNow,
            (services, now, cancellationToken) => services.GetRequiredService<ReminderScan>().RunAsync(now, cancellationToken));
        builder.Services.AddScoped<Notifications.UnreadNotifications>();
        return builder;
    }
}
