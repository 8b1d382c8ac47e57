namespace Beacon.Features.Requirements;

/// <summary>A stored status with today's state worked out, for grouping and filtering in the database.</summary>
public sealed class StatusOnDay
{
    public Guid StaffMemberId { get; init; }
    public Guid RequirementId { get; init; }
    public Guid SiteId { get; init; }
    public string JobRole { get; init; } = "";
    public DueState State { get; init; }
    public DateOnly? DueOn { get; init; }
    public DateOnly? ExemptUntil { get; init; }
    public DateOnly? LastCompleted { get; init; }
}

/// <summary>
/// Today's state of a stored <see cref="RequirementStatus"/>: the one definition that dashboards, lists and
/// reports share. It is the due-date engine's judgement (<see cref="DueDates"/>) replayed on the stored dates:
/// not applicable; exempt when an exemption covers today; overdue after the grace period
/// (<see cref="RequirementStatus.OverdueAfter"/>); due soon from <see cref="RequirementStatus.DueSoonFrom"/>
/// (which also covers the grace period); otherwise compliant. It is written as a LINQ projection so the
/// database evaluates it (a CASE expression), and the same code runs in memory in tests.
/// </summary>
public static class StatusToday
{
    public static IQueryable<StatusOnDay> Classify(IQueryable<RequirementStatus> statuses, DateOnly today) =>
        statuses.Select(s => new StatusOnDay
        {
            StaffMemberId = s.StaffMemberId,
            RequirementId = s.RequirementId,
            SiteId = s.SiteId,
            JobRole = s.JobRole,
            DueOn = s.DueOn,
            ExemptUntil = s.ExemptUntil,
            LastCompleted = s.LastCompleted,
            State = !s.Applies ? DueState.NotApplicable
                : s.ExemptFrom != null && s.ExemptFrom <= today && (s.ExemptUntil == null || s.ExemptUntil >= today) ? DueState.Exempt
                : s.OverdueAfter != null && s.OverdueAfter < today ? DueState.Overdue
                : s.DueSoonFrom != null && s.DueSoonFrom <= today ? DueState.DueSoon
                : DueState.Compliant,
        });

    /// <summary>How a state reads on a page: words, never colour alone.</summary>
    public static string Label(DueState state) => state switch
    {
        DueState.Compliant => "Up to date",
        DueState.DueSoon => "Due soon",
        DueState.Overdue => "Overdue",
        DueState.Exempt => "Exempt",
        _ => "Does not apply",
    };
}
