namespace Beacon.Features.Email;

public enum OutboxStatus
{
    Pending = 0,
    Sending = 1,
    Sent = 2,
    Failed = 3,
}

/// <summary>
/// An email waiting to be sent. It is written in the same transaction as the change that caused it and
/// delivered by <see cref="OutboxSender"/>, which retries with back-off and never sends a Sent message again.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The practice the message belongs to; <see cref="Guid.Empty"/> for installation-level mail.</summary>
    public Guid PracticeId { get; set; }

    public required string ToAddress { get; set; }
    public required string ToName { get; set; }
    public required string Subject { get; set; }

    /// <summary>A short word for the admin's status view, e.g. "invitation", "password-reset".</summary>
    public required string Kind { get; set; }

    /// <summary>The bodies hold single-use links, so they are cleared once the message is sent.</summary>
    public string? HtmlBody { get; set; }
    public string? TextBody { get; set; }

    /// <summary>An iCalendar object (invitation, change or cancellation) sent as a text/calendar part and as an .ics attachment.</summary>
    public string? CalendarBody { get; set; }

    /// <summary>The iCalendar METHOD of <see cref="CalendarBody"/>: REQUEST or CANCEL.</summary>
    public string? CalendarMethod { get; set; }

    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }

    /// <summary>While Sending: the moment after which another sender may take the message over.</summary>
    public DateTime? LeaseUntil { get; set; }

    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }
}
