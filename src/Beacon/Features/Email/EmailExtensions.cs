using System.ComponentModel.DataAnnotations;

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

    /// <summary>How often the sender looks for due messages.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

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
        builder.Services.AddHostedService<OutboxSenderService>();
        return builder;
    }
}
