using Beacon.Features.Audit;

namespace Beacon.Features.LiveSessions;

/// <summary>A scheduled live in-service: an instructor presents a course track to staff in a room or online.</summary>
public sealed class LiveSession : Data.ITenantOwned, IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public required string Title { get; set; }
    public required string CourseId { get; set; }
    public required string Version { get; set; }
    public required string Track { get; set; }
    public Guid? SiteId { get; set; }
    public string? Location { get; set; }
    public Guid InstructorUserId { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }

    /// <summary>The short code learners type to check in; valid only within 15 minutes of the session window.</summary>
    public required string CheckInCode { get; set; }

    public DateTime? CancelledAt { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>The recurring series this session is an occurrence of, or null for a one-off session.</summary>
    public Guid? SeriesId { get; set; }

    /// <summary>Occurrences: the start the series rule gave it (UTC), its iCalendar RECURRENCE-ID, kept when it is moved.</summary>
    public DateTime? RecurrenceId { get; set; }

    /// <summary>Seats learners can book; null means booking is not used (one-off sessions).</summary>
    public int? Capacity { get; set; }

    /// <summary>iCalendar SEQUENCE of this occurrence's invitations; goes up on every change sent to attendees.</summary>
    public int Sequence { get; set; }

    Guid IAuditedRow.AuditPracticeId => PracticeId;
    string IAuditedRow.AuditTypeName => "session";
}

public enum AttendanceMethod
{
    Code = 0,
    QrLink = 1,
    Manual = 2,
    PaperSheet = 3,
}

/// <summary>A person's attendance at a live session.</summary>
public sealed class Attendance : Data.ITenantOwned, IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid SessionId { get; set; }
    public Guid StaffMemberId { get; set; }
    public AttendanceMethod Method { get; set; }
    public DateTime CheckedInAt { get; set; }
    public Guid? RecordedByUserId { get; set; }

    Guid IAuditedRow.AuditPracticeId => PracticeId;
    string IAuditedRow.AuditTypeName => "attendance";
}
