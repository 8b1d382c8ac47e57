using Beacon.Features.Audit;

namespace Beacon.Features.Requirements;

/// <summary>
/// Who must complete what, and how often: a course (and track, or the track each person's role takes),
/// a frequency with its windows, and the people it covers (everyone, or chosen roles, sites, licence types
/// and licence states). A state mandate from the jurisdiction catalogue becomes a requirement like any other.
/// </summary>
public sealed class Requirement : Data.ITenantOwned, IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public required string Name { get; set; }
    public required string CourseId { get; set; }

    /// <summary>A fixed track, or null: each person takes the track of their job role.</summary>
    public string? Track { get; set; }

    public Frequency Frequency { get; set; }
    public int Months { get; set; } = 12;
    public int FixedMonth { get; set; } = 1;
    public int FixedDay { get; set; } = 1;
    public int NewHireDays { get; set; } = 30;
    public int GraceDays { get; set; }
    public int EarlyDays { get; set; }
    public int DueSoonDays { get; set; } = 30;
    public DateOnly StartsOn { get; set; }

    /// <summary>Comma-separated job role codes; empty = every role.</summary>
    public string Roles { get; set; } = "";

    /// <summary>Comma-separated site ids; empty = every site.</summary>
    public string Sites { get; set; } = "";

    /// <summary>Comma-separated licence type codes; empty = licensed or not.</summary>
    public string LicenceTypes { get; set; } = "";

    /// <summary>Comma-separated licence states; empty = any state.</summary>
    public string LicenceStates { get; set; } = "";

    /// <summary>The jurisdiction mandate this requirement was made from, and the reading chosen where sources disagree.</summary>
    public string? MandateId { get; set; }
    public string? MandateReading { get; set; }

    public bool Active { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public DueRule Rule => new(Frequency, StartsOn, Months, FixedMonth, FixedDay, NewHireDays, GraceDays, EarlyDays, DueSoonDays);

    Guid IAuditedRow.AuditPracticeId => PracticeId;
    string IAuditedRow.AuditTypeName => "requirement";
}

/// <summary>A person excused from one requirement, with the reason and until when.</summary>
public sealed class Exemption : Data.ITenantOwned, IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid RequirementId { get; set; }
    public Guid StaffMemberId { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? Until { get; set; }
    public required string Reason { get; set; }
    public Guid? CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Ended early by an administrator (kept for the record, never deleted).</summary>
    public DateTime? EndedAt { get; set; }

    Guid IAuditedRow.AuditPracticeId => PracticeId;
    string IAuditedRow.AuditTypeName => "exemption";
}

/// <summary>An outside certificate accepted as a completion: the file is kept outside the web root.</summary>
public sealed class EvidenceFile : Data.ITenantOwned, IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid StaffMemberId { get; set; }
    public Guid CompletionId { get; set; }
    public required string FileName { get; set; }

    /// <summary>Decided from the file's first bytes (PDF, JPEG or PNG), never from its name.</summary>
    public required string ContentType { get; set; }

    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public string? Note { get; set; }
    public Guid UploadedByUserId { get; set; }
    public DateTime UploadedAt { get; set; }

    Guid IAuditedRow.AuditPracticeId => PracticeId;
    string IAuditedRow.AuditTypeName => "evidence";
}

/// <summary>
/// The engine's current answer for one person and requirement, kept up to date when anything it depends on
/// changes (a completion, an exemption, a roster or requirement change), so dashboards aggregate stored
/// dates instead of re-running the engine per view. States that move with the calendar (due soon, overdue)
/// are derived from the stored dates and today in the query itself.
/// </summary>
public sealed class RequirementStatus : Data.ITenantOwned
{
    public Guid PracticeId { get; set; }
    public Guid RequirementId { get; set; }
    public Guid StaffMemberId { get; set; }

    /// <summary>Copied from the roster for grouping (site, role) without a join; refreshed with the status.</summary>
    public Guid SiteId { get; set; }
    public required string JobRole { get; set; }

    public bool Applies { get; set; }
    public DateOnly? DueOn { get; set; }

    /// <summary>DueOn + grace: overdue after this day.</summary>
    public DateOnly? OverdueAfter { get; set; }

    /// <summary>DueOn − due-soon days: due soon from this day.</summary>
    public DateOnly? DueSoonFrom { get; set; }

    public DateOnly? ExemptFrom { get; set; }
    public DateOnly? ExemptUntil { get; set; }
    public DateOnly? LastCompleted { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// The roster as it was: one row per staff member per period in which their requirement-relevant facts
/// (role, site, licence, hire date, active) did not change. Point-in-time reports read this, not today's roster.
/// </summary>
public sealed class StaffSnapshot : Data.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid StaffMemberId { get; set; }
    public DateTime ValidFrom { get; set; }
    public DateTime? ValidTo { get; set; }

    /// <summary>The name as it was, so a report on a past date names people as the roster did then.</summary>
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";

    public required string JobRole { get; set; }
    public Guid SiteId { get; set; }
    public DateOnly? HireDate { get; set; }
    public string? LicenceType { get; set; }
    public string? LicenceState { get; set; }
    public DateOnly? LicenceExpiry { get; set; }
    public bool Active { get; set; }
}

/// <summary>
/// A requirement as it was defined during a period: point-in-time reports evaluate past dates with the
/// rule that applied then, not today's. Written by the save that changes the requirement.
/// </summary>
public sealed class RequirementVersion : Data.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid RequirementId { get; set; }
    public DateTime ValidFrom { get; set; }
    public DateTime? ValidTo { get; set; }

    /// <summary>The requirement's fields as JSON.</summary>
    public required string Definition { get; set; }
}
