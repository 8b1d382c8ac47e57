using Beacon.Features.Audit;

namespace Beacon.Features.Learning;

/// <summary>
/// A learner's place in one course version and track: where to resume, which modules are done, and time
/// on task. One row per (staff member, course, version, track).
/// </summary>
public sealed class CourseProgress : Data.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid StaffMemberId { get; set; }
    public required string CourseId { get; set; }
    public required string Version { get; set; }
    public required string Track { get; set; }

    /// <summary>The module and block (index in the track's view of the module) to resume at.</summary>
    public string? CurrentModuleId { get; set; }
    public int CurrentPart { get; set; }

    public int SecondsOnTask { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A module a learner finished, with the time they spent on it.</summary>
public sealed class ModuleCompletion : Data.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid ProgressId { get; set; }
    public required string ModuleId { get; set; }
    public int SecondsOnTask { get; set; }
    public DateTime CompletedAt { get; set; }
}

/// <summary>An answer to a knowledge check inside a lesson (immediate feedback; kept for item analysis).</summary>
public sealed class CheckAnswer : Data.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid ProgressId { get; set; }
    public required string QuestionId { get; set; }

    /// <summary>1-based index of the option chosen, in the package's own order.</summary>
    public int Chosen { get; set; }

    public bool Correct { get; set; }
    public DateTime AnsweredAt { get; set; }
}

public enum AttemptKind
{
    PreTest = 0,
    PostTest = 1,
}

public enum AttemptMode
{
    Online = 0,
    Paper = 1,
}

/// <summary>
/// One pre- or post-test attempt. Its questions and their option order are drawn on the server when it
/// starts and stored here; answers are scored on the server, and revealed only after submission.
/// </summary>
public sealed class AssessmentAttempt : Data.ITenantOwned, IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid StaffMemberId { get; set; }
    public required string CourseId { get; set; }
    public required string Version { get; set; }
    public required string Track { get; set; }
    public AttemptKind Kind { get; set; }
    public AttemptMode Mode { get; set; }

    /// <summary>The live session the attempt belongs to, if taken in one.</summary>
    public Guid? SessionId { get; set; }

    /// <summary>JSON: [{ "q": "AW-03", "order": [3,1,4,2] }, …] — the drawn questions and option order shown.</summary>
    public required string Paper { get; set; }

    public DateTime StartedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public int? Score { get; set; }
    public int QuestionCount { get; set; }
    public bool? Passed { get; set; }

    /// <summary>Who typed in a paper score, when it was marked by hand.</summary>
    public Guid? RecordedByUserId { get; set; }

    Guid IAuditedRow.AuditPracticeId => PracticeId;
    string IAuditedRow.AuditTypeName => "attempt";
}

/// <summary>One answer of a submitted attempt, per item, for item analysis.</summary>
public sealed class AttemptAnswer : Data.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid AttemptId { get; set; }
    public int Position { get; set; }
    public required string QuestionId { get; set; }

    /// <summary>1-based option chosen in the package's order; null when left blank.</summary>
    public int? Chosen { get; set; }

    public bool Correct { get; set; }
}

public enum CompletionBasis
{
    SelfPaced = 0,
    LiveSession = 1,
    OutsideCertificate = 2,
}

/// <summary>
/// Proof that a person completed a course: all modules of the track (or attendance at a live session) and
/// a passed post-test. It records the exact course version and track.
/// </summary>
public sealed class Completion : Data.ITenantOwned, IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid StaffMemberId { get; set; }
    public required string CourseId { get; set; }
    public required string Version { get; set; }
    public required string Track { get; set; }
    public CompletionBasis Basis { get; set; }
    public Guid? AttemptId { get; set; }
    public Guid? SessionId { get; set; }
    public decimal CeHours { get; set; }

    /// <summary>The day of completion in the practice's time zone (what certificates and due dates use).</summary>
    public DateOnly CompletedOn { get; set; }

    public DateTime CompletedAt { get; set; }

    Guid IAuditedRow.AuditPracticeId => PracticeId;
    string IAuditedRow.AuditTypeName => "completion";
}
