using Beacon.Features.Audit;

namespace Beacon.Features.Reminders;

/// <summary>
/// A practice's reminder ladder: the days before a due date on which a learner is reminded, the reminders
/// after it, when an overdue person's manager and then the practice administrators are told, the day of the
/// administrators' weekly digest, and the hours of the day in which Beacon sends reminders (practice time).
/// A practice without a row uses <see cref="Defaults"/>.
/// </summary>
public sealed class ReminderSettings : Data.ITenantOwned, IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }

    /// <summary>Comma-separated days before the due date, e.g. "30,14,7,1".</summary>
    public string BeforeDays { get; set; } = "30,14,7,1";

    /// <summary>Remind again every week while overdue (after the reminder on the day after the due date).</summary>
    public bool WeeklyWhileOverdue { get; set; } = true;

    /// <summary>Tell the person's manager once they are this many days overdue.</summary>
    public int ManagerAfterDays { get; set; } = 14;

    /// <summary>Tell the practice administrators once a person is this many days overdue.</summary>
    public int AdminAfterDays { get; set; } = 30;

    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;

    /// <summary>First hour (practice time, 0–23) at which reminders go out.</summary>
    public int EarliestHour { get; set; } = 8;

    /// <summary>Reminders go out before this hour (practice time, 1–24).</summary>
    public int LatestHour { get; set; } = 18;

    public DateTime UpdatedAt { get; set; }

    public static ReminderSettings Defaults(Guid practiceId) => new() { PracticeId = practiceId };

    Guid IAuditedRow.AuditPracticeId => PracticeId;
    string IAuditedRow.AuditTypeName => "reminder-settings";
}

/// <summary>A learner's preferred hour for reminder emails, within the practice's sending hours. Reminders cannot be switched off.</summary>
public sealed class ReminderPreference : Data.ITenantOwned
{
    public Guid PracticeId { get; set; }
    public Guid StaffMemberId { get; set; }
    public int PreferredHour { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>Who a ledger row is for: the learner themself, or the people who oversee them (manager, administrators).</summary>
public static class ReminderAudience
{
    public const string Learner = "learner";
    public const string Oversight = "oversight";
}

/// <summary>
/// One reminder, produced once: the key (practice, person, requirement, cycle = the due date, kind) is the
/// table's primary key, so a second scan, a re-run after a crash or a scan on another node adds nothing.
/// A row is folded into at most one email per recipient and day; <see cref="FoldedOn"/> says when.
/// For the weekly digest, <see cref="PersonId"/> is the administrator's account and <see cref="RequirementId"/> is empty.
/// </summary>
public sealed class ReminderLedgerEntry : Data.ITenantOwned
{
    public Guid PracticeId { get; set; }
    public Guid PersonId { get; set; }
    public Guid RequirementId { get; set; }
    public DateOnly Cycle { get; set; }

    /// <summary>before-30, after-1, overdue-week-3, escalate-manager, escalate-admin, digest-2026-W10.</summary>
    public required string Kind { get; set; }

    public required string Audience { get; set; }

    /// <summary>The practice's calendar day on which the scan produced it.</summary>
    public DateOnly LocalDay { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The practice day on which it went into an email (and notification); null while it waits.</summary>
    public DateOnly? FoldedOn { get; set; }

    /// <summary>The email it went into, when it had one recipient.</summary>
    public Guid? OutboxMessageId { get; set; }
}

/// <summary>At most one reminder email per recipient, audience and practice day: the key makes sure of it.</summary>
public sealed class ReminderMailDay : Data.ITenantOwned
{
    public Guid PracticeId { get; set; }

    /// <summary>The recipient's address, lower case.</summary>
    public required string Recipient { get; set; }

    public required string Audience { get; set; }
    public DateOnly LocalDay { get; set; }
    public Guid OutboxMessageId { get; set; }
}
