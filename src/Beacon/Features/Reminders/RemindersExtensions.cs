namespace Beacon.Features.Reminders;

public static class RemindersExtensions
{
    /// <summary>The reminder scan (called by the scheduler), its folding into emails and notifications, and the settings pages.</summary>
    public static WebApplicationBuilder AddReminders(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReminderFolding>();
        builder.Services.AddScoped<ReminderScan>();
        builder.Services.AddScoped<Notifications.UnreadNotifications>();
        return builder;
    }
}
