using Beacon.Features.Audit;

namespace Beacon.Features.Series;

/// <summary>How a series repeats; the interval (every n weeks or months) covers fortnightly and quarterly.</summary>
public enum SeriesPattern
{
    Weekly = 0,

    /// <summary>The same weekday of the month as the first date: "second Tuesday", or "last Friday" from a fifth week.</summary>
    MonthlyByWeekday = 1,

    /// <summary>The same day of the month as the first date.</summary>
    MonthlyByDay = 2,
}

/// <summary>
/// A recurring in-service. The recurrence is an RFC 5545 RRULE anchored at a wall-clock start in the
/// practice's zone; each occurrence is a <see cref="LiveSessions.LiveSession"/> row (SeriesId + RecurrenceId)
/// so check-in, the presenter view and paper mode work for it unchanged.
/// </summary>
public sealed class LiveSeries : Data.ITenantOwned, IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }

    /// <summary>The iCalendar UID of the series; never changes.</summary>
    public required string Uid { get; set; }

    public required string Title { get; set; }
    public required string CourseId { get; set; }
    public required string Version { get; set; }
    public required string Track { get; set; }
    public Guid? SiteId { get; set; }
    public required string Location { get; set; }
    public Guid InstructorUserId { get; set; }

    /// <summary>The IANA zone the wall-clock start and the rule are read in (the practice's zone when created).</summary>
    public required string TimeZoneId { get; set; }

    public DateOnly FirstDate { get; set; }
    public TimeOnly StartTime { get; set; }
    public int Minutes { get; set; }
    public SeriesPattern Pattern { get; set; }

    /// <summary>The RFC 5545 rule, e.g. FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU;COUNT=6.</summary>
    public required string RRule { get; set; }

    /// <summary>Seats per occurrence.</summary>
    public int Capacity { get; set; }

    /// <summary>iCalendar SEQUENCE of the series as a whole; goes up on every change to it.</summary>
    public int Sequence { get; set; }

    public DateTime? EndedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    Guid IAuditedRow.AuditPracticeId => PracticeId;
    string IAuditedRow.AuditTypeName => "series";
}

public enum BookingStatus
{
    Booked = 0,
    WaitListed = 1,
}

/// <summary>
/// A learner's place at an occurrence: a seat (1..capacity, unique per session in the database, so two
/// bookings can never hold the same seat) or a place on the wait list (no seat, ordered by when they asked).
/// Cancelling a booking deletes the row.
/// </summary>
public sealed class SessionBooking : Data.ITenantOwned, IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid SessionId { get; set; }
    public Guid StaffMemberId { get; set; }
    public BookingStatus Status { get; set; }
    public int? Seat { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? PromotedAt { get; set; }

    Guid IAuditedRow.AuditPracticeId => PracticeId;
    string IAuditedRow.AuditTypeName => "booking";
}

/// <summary>Someone invited to an occurrence by email; they receive its changes and cancellation too.</summary>
public sealed class SessionInvitation : Data.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid SessionId { get; set; }
    public Guid StaffMemberId { get; set; }
    public DateTime InvitedAt { get; set; }
}

public enum CalendarFeedKind
{
    /// <summary>One learner's booked occurrences.</summary>
    Personal = 0,

    /// <summary>Every occurrence of every series of the practice.</summary>
    Practice = 1,
}

/// <summary>
/// A private calendar subscription. The URL carries a random 128-bit token; only its SHA-256 is stored,
/// so the table cannot be used to read anyone's calendar. Revoking stops the URL at once (404).
/// </summary>
public sealed class CalendarFeed : Data.ITenantOwned, IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public CalendarFeedKind Kind { get; set; }

    /// <summary>Personal feeds: whose bookings. Practice feeds: null.</summary>
    public Guid? StaffMemberId { get; set; }

    public Guid OwnerUserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    Guid IAuditedRow.AuditPracticeId => PracticeId;
    string IAuditedRow.AuditTypeName => "calendar-feed";
}
