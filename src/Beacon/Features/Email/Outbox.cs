using Beacon.Data;

namespace Beacon.Features.Email;

/// <summary>A message ready for the outbox: subject, HTML and plain-text bodies.</summary>
public sealed record EmailContent(string Subject, string Html, string Text);

/// <summary>
/// Puts messages in the outbox table. Callers add the message and their change to the same context and
/// save once, so the message exists if and only if the change does.
/// </summary>
public sealed class Outbox(BeaconDbContext db, TimeProvider time)
{
    /// <summary>A message with an iCalendar invitation, change or cancellation (<paramref name="calendarMethod"/> REQUEST or CANCEL).</summary>
    public OutboxMessage Add(Guid practiceId, string toAddress, string toName, string kind, EmailContent content, string calendarBody, string calendarMethod)
    {
        var message = Add(practiceId, toAddress, toName, kind, content);
        message.CalendarBody = calendarBody;
        message.CalendarMethod = calendarMethod;
        return message;
    }

    public OutboxMessage Add(Guid practiceId, string toAddress, string toName, string kind, EmailContent content)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            PracticeId = practiceId,
            ToAddress = toAddress,
            ToName = toName,
            Kind = kind,
            Subject = content.Subject,
            HtmlBody = content.Html,
            TextBody = content.Text,
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.OutboxMessages.Add(message);
        return message;
    }
}
