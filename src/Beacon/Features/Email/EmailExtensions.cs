using System.ComponentModel.DataAnnotations;
using Beacon.Features.Scheduling;

namespace Beacon.Features.Email;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    /// <summary>Empty: messages stay in the outbox (shown to admins) until SMTP is configured.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? UserName { get; set; }
    public string? Password { get; set; }

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "beacon@localhost";

    public string FromName { get; set; } = "Beacon";

    /// <summary>How often the scheduled sender looks for due messages.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a claimed message is reserved for its sender. A sender that dies mid-message holds it this long;
    /// then any sender takes it over. Longer than one SMTP conversation (the client times out after 30 s).
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Whether this node's scheduler sends the outbox (the scheduler itself: Scheduling:Enabled).</summary>
    public bool SenderEnabled { get; set; } = true;
}

public static class EmailExtensions
{
    public static WebApplicationBuilder AddEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<Outbox>();
        builder.Services.AddSingleton<SmtpTransport>();
        builder.Services.AddScoped<OutboxSender>();
        // Sent by the clustered scheduler: each interval's run happens on one node; a run interrupted by a
        // dying node is recovered by another, and the lease and mark-by-id make the repeat harmless.
        var smtp = builder.Configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new SmtpOptions();
        if (smtp.SenderEnabled)
        {
            builder.Services.AddScheduledWork<OutboxSendingWork>(OutboxSendingWork.Name, smtp.PollInterval, MissedRunPolicy.WaitForNext);
        }
        return builder;
    }
}
