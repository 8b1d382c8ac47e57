using Beacon.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Requirements;

/// <summary>How many of the people a requirement covers are in each state today.</summary>
public sealed record StatusCounts(int Compliant, int DueSoon, int Overdue, int Exempt)
{
    public int Total => Compliant + DueSoon + Overdue + Exempt;
}

/// <summary>An exemption as the pages show it.</summary>
public sealed record ExemptionView(Guid Id, Guid RequirementId, Guid StaffMemberId, DateOnly From, DateOnly? Until, string Reason, DateTime CreatedAt, DateTime? EndedAt);

/// <summary>An outside certificate recorded for a person.</summary>
public sealed record EvidenceView(Guid Id, Guid StaffMemberId, string FileName, string ContentType, long Size, DateOnly CompletedOn, DateTime UploadedAt, string CourseId);

/// <summary>One person and one requirement: the engine's answer with its plain-words explanation.</summary>
public sealed record PersonRequirement(
    Guid RequirementId, string RequirementName, bool RequirementActive, Guid StaffMemberId, string PersonName, string JobRole,
    DueStatus Status, ExemptionView? Exemption);

/// <summary>
/// Reads requirement statuses for the pages. Counts come from the stored <see cref="RequirementStatus"/> rows
/// (no engine run per view); the per-person lists run the pure engine again for its explanation text, with
/// exemptions, on the same facts the stored rows were computed from.
/// </summary>
public sealed class RequirementViews(BeaconDbContext db, TenantContext tenant, TimeProvider time)
{
    public Task<DateOnly> TodayAsync(CancellationToken cancellationToken) =>
        RequirementStatuses.TodayAsync(db, tenant.PracticeId, time.GetUtcNow().UtcDateTime, cancellationToken);

    public async Task<Dictionary<Guid, StatusCounts>> CountsAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var rows = await db.RequirementStatuses.AsNoTracking()
            .Where(s => s.Applies)
            .GroupBy(s => s.RequirementId)
            .Select(g => new
            {
                RequirementId = g.Key,
                Exempt = g.Count(s => s.ExemptFrom != null && s.ExemptFrom <= today && (s.ExemptUntil == null || s.ExemptUntil >= today)),
                Overdue = g.Count(s => !(s.ExemptFrom != null && s.ExemptFrom <= today && (s.ExemptUntil == null || s.ExemptUntil >= today)) && s.OverdueAfter != null && s.OverdueAfter < today),
                DueSoon = g.Count(s => !(s.ExemptFrom != null && s.ExemptFrom <= today && (s.ExemptUntil == null || s.ExemptUntil >= today)) && !(s.OverdueAfter != null && s.OverdueAfter < today) && s.DueSoonFrom != null && s.DueSoonFrom <= today),
                All = g.Count(),
            })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.RequirementId, r => new StatusCounts(r.All - r.Exempt - r.Overdue - r.DueSoon, r.DueSoon, r.Overdue, r.Exempt));
    }

    /// <summary>Every requirement that covers a person (active ones, and inactive ones only when asked), with status.</summary>
    public async Task<IReadOnlyList<PersonRequirement>> ForPersonAsync(Guid staffMemberId, DateOnly today, CancellationToken cancellationToken)
    {
        var requirements = await db.Requirements.AsNoTracking().Where(r => r.Active).OrderBy(r => r.Name).ToListAsync(cancellationToken);
        return await EvaluateAsync(requirements, [staffMemberId], today, onlyApplying: true, cancellationToken);
    }

    /// <summary>The people a requirement covers, each with status, due date and why.</summary>
    public async Task<IReadOnlyList<PersonRequirement>> ForRequirementAsync(Requirement requirement, DateOnly today, CancellationToken cancellationToken)
    {
        var staff = await db.RequirementStatuses.AsNoTracking()
            .Where(s => s.RequirementId == requirement.Id && s.Applies)
            .Select(s => s.StaffMemberId)
            .ToListAsync(cancellationToken);
        return await EvaluateAsync([requirement], staff, today, onlyApplying: true, cancellationToken);
    }

    public async Task<IReadOnlyList<ExemptionView>> ExemptionsAsync(Guid? requirementId, Guid? staffMemberId, CancellationToken cancellationToken)
    {
        var query = db.Exemptions.AsNoTracking();
        if (requirementId is { } r)
        {
            query = query.Where(e => e.RequirementId == r);
        }
        if (staffMemberId is { } s)
        {
            query = query.Where(e => e.StaffMemberId == s);
        }
        return await query.OrderByDescending(e => e.CreatedAt)
            .Select(e => new ExemptionView(e.Id, e.RequirementId, e.StaffMemberId, e.From, e.Until, e.Reason, e.CreatedAt, e.EndedAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<EvidenceView>> EvidenceAsync(Guid staffMemberId, CancellationToken cancellationToken) =>
        [.. (await db.EvidenceFiles.AsNoTracking()
                .Where(e => e.StaffMemberId == staffMemberId)
                .Join(db.Completions, e => e.CompletionId, c => c.Id, (e, c) => new EvidenceView(e.Id, e.StaffMemberId, e.FileName, e.ContentType, e.Size, c.CompletedOn, e.UploadedAt, c.CourseId))
                .ToListAsync(cancellationToken))
            .OrderByDescending(e => e.UploadedAt)];

    private async Task<IReadOnlyList<PersonRequirement>> EvaluateAsync(List<Requirement> requirements, List<Guid> staffIds, DateOnly today, bool onlyApplying, CancellationToken cancellationToken)
    {
        if (requirements.Count == 0 || staffIds.Count == 0)
        {
            return [];
        }
        var result = new List<PersonRequirement>();
        var courses = requirements.Select(r => r.CourseId).Distinct().ToList();
        var requirementIds = requirements.Select(r => r.Id).ToList();
        foreach (var chunk in staffIds.Chunk(1000))
        {
            var people = await db.StaffMembers.AsNoTracking()
                .Where(s => chunk.Contains(s.Id))
                .OrderBy(s => s.LastName).ThenBy(s => s.FirstName)
                .Select(s => new { s.Id, Name = s.FirstName + " " + s.LastName, s.Active, s.JobRole, s.SiteId, s.HireDate, s.LicenceType, s.LicenceState, s.LicenceExpiry })
                .ToListAsync(cancellationToken);
            var completions = (await db.Completions.AsNoTracking()
                    .Where(c => chunk.Contains(c.StaffMemberId) && courses.Contains(c.CourseId))
                    .Select(c => new { c.StaffMemberId, c.CourseId, c.Track, c.CompletedOn })
                    .ToListAsync(cancellationToken))
                .ToLookup(c => c.StaffMemberId);
            var exemptions = (await db.Exemptions.AsNoTracking()
                    .Where(e => chunk.Contains(e.StaffMemberId) && requirementIds.Contains(e.RequirementId) && e.EndedAt == null)
                    .Select(e => new ExemptionView(e.Id, e.RequirementId, e.StaffMemberId, e.From, e.Until, e.Reason, e.CreatedAt, e.EndedAt))
                    .ToListAsync(cancellationToken))
                .ToLookup(e => (e.StaffMemberId, e.RequirementId));
            foreach (var person in people)
            {
                foreach (var requirement in requirements)
                {
                    var facts = RequirementScope.Facts(requirement, person.Active && requirement.Active, person.JobRole, person.SiteId, person.HireDate, person.LicenceType, person.LicenceState, person.LicenceExpiry);
                    if (onlyApplying && !facts.Applies)
                    {
                        continue;
                    }
                    var dates = completions[person.Id].Where(c => RequirementScope.Counts(requirement, person.JobRole, c.CourseId, c.Track)).Select(c => c.CompletedOn);
                    var own = exemptions[(person.Id, requirement.Id)].Where(e => e.Until is null || e.Until >= today).OrderBy(e => e.From).ToList();
                    var status = DueDates.Evaluate(requirement.Rule, facts, dates, own.Select(e => new DueExemption(e.From, e.Until, e.Reason)), today);
                    result.Add(new PersonRequirement(requirement.Id, requirement.Name, requirement.Active, person.Id, person.Name, person.JobRole, status,
                        own.FirstOrDefault(e => e.From <= today) ?? own.FirstOrDefault()));
                }
            }
        }
        return result;
    }

    public static string Label(DueState state) => state switch
    {
        DueState.Compliant => "Compliant",
        DueState.DueSoon => "Due soon",
        DueState.Overdue => "Overdue",
        DueState.Exempt => "Exempt",
        _ => "Does not apply",
    };

    public static string Badge(DueState state) => state switch
    {
        DueState.Compliant => "text-bg-success",
        DueState.DueSoon => "text-bg-warning",
        DueState.Overdue => "text-bg-danger",
        _ => "text-bg-secondary",
    };
}
