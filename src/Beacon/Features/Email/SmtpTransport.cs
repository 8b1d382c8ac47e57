using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Beacon.Features.Email;

/// <summary>Delivers one message over SMTP with MailKit. Its Message-ID comes from the outbox id.</summary>
public sealed class SmtpTransport(IOptionsMonitor<SmtpOptions> options)
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.CurrentValue.Host);

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        mime.To.Add(new MailboxAddress(message.ToName, message.ToAddress));
        mime.Subject = message.Subject;
        mime.MessageId = MessageIdFor(message.Id, settings.FromAddress);
        mime.Date = new DateTimeOffset(message.CreatedAt, TimeSpan.Zero);
        mime.Body = message.CalendarBody is null
            ? new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody()
            : WithCalendar(message);

        using var client = new SmtpClient();
        client.Timeout = (int)TimeSpan.FromSeconds(30).TotalMilliseconds;
        var security = settings.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(settings.Host!, settings.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
        }
        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    /// <summary>
    /// The layout calendar clients expect: multipart/mixed holding a multipart/alternative of plain text,
    /// HTML and text/calendar (with its METHOD parameter, which Outlook and Gmail read to show Accept/Decline),
    /// and the same object again as an invite.ics attachment for clients that only look at attachments.
    /// </summary>
    private static MimeEntity WithCalendar(OutboxMessage message)
    {
        var method = message.CalendarMethod ?? "REQUEST";
        var alternative = new MultipartAlternative();
        if (message.TextBody is not null)
        {
            alternative.Add(new TextPart("plain") { Text = message.TextBody });
        }
        if (message.HtmlBody is not null)
        {
            alternative.Add(new TextPart("html") { Text = message.HtmlBody });
        }
        var calendar = new TextPart("calendar") { Text = message.CalendarBody! };
        calendar.ContentType.Parameters.Add("method", method);
        calendar.ContentType.Charset = "utf-8";
        alternative.Add(calendar);

        var attachment = new MimePart("application", "ics")
        {
            Content = new MimeContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(message.CalendarBody!))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = method == "CANCEL" ? "cancel.ics" : "invite.ics",
        };
        return new Multipart("mixed") { alternative, attachment };
    }

    /// <summary>The same outbox row always yields the same Message-ID, so a receiver can spot a resend.</summary>
    public static string MessageIdFor(Guid outboxId, string fromAddress)
    {
        var at = fromAddress.LastIndexOf('@');
        var domain = at >= 0 && at < fromAddress.Length - 1 ? fromAddress[(at + 1)..] : "beacon.local";
        return $"{outboxId:N}@{domain}";
    }
}
