using Beacon.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Requirements;

/// <summary>
/// Recomputes <see cref="RequirementStatus"/> rows for the people and requirements a change touched. It runs
/// inside the save that made the change (see BeaconDbContext), so a completion, an exemption or a roster edit
/// and the statuses it affects commit together. Large recomputations (a new requirement for a whole practice)
/// go in batches so memory stays flat.
/// </summary>
public static class RequirementStatuses
{
    private const int Batch = 2_000;

    /// <summary>Refreshes the given people for every active requirement, or every person for the given requirements.</summary>
    public static async Task RefreshAsync(BeaconDbContext db, Guid practiceId, IReadOnlyCollection<Guid> staffIds, IReadOnlyCollection<Guid> requirementIds, DateTime now, CancellationToken cancellationToken)
    {
        var requirements = await db.Requirements.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.PracticeId == practiceId)
            .ToListAsync(cancellationToken);
        if (requirements.Count == 0)
        {
            return;
        }

        if (requirementIds.Count > 0)
        {
            // Whole-practice refresh of the changed requirements.
            var changed = requirements.Where(r => requirementIds.Contains(r.Id)).ToList();
            var everyone = db.StaffMembers.IgnoreQueryFilters().AsNoTracking().Where(s => s.PracticeId == practiceId).Select(s => s.Id);
            await foreach (var chunk in Chunks(everyone, cancellationToken))
            {
                await RefreshPeopleAsync(db, practiceId, chunk, changed, now, cancellationToken);
            }
        }
        var others = requirements.Where(r => !requirementIds.Contains(r.Id)).ToList();
        foreach (var chunk in staffIds.Distinct().Chunk(Batch))
        {
            await RefreshPeopleAsync(db, practiceId, chunk, others, now, cancellationToken);
        }
    }

    private static async IAsyncEnumerable<Guid[]> Chunks(IQueryable<Guid> ids, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var all = await ids.ToListAsync(cancellationToken);
        foreach (var chunk in all.Chunk(Batch))
        {
            yield return chunk;
        }
    }

    private static async Task RefreshPeopleAsync(BeaconDbContext db, Guid practiceId, Guid[] staffIds, List<Requirement> requirements, DateTime now, CancellationToken cancellationToken)
    {
        if (staffIds.Length == 0 || requirements.Count == 0)
        {
            return;
        }
        var today = await TodayAsync(db, practiceId, now, cancellationToken);
        var people = await db.StaffMembers.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.PracticeId == practiceId && staffIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Active, s.JobRole, s.SiteId, s.HireDate, s.LicenceType, s.LicenceState, s.LicenceExpiry })
            .ToListAsync(cancellationToken);
        var courses = requirements.Select(r => r.CourseId).Distinct().ToList();
        var completions = (await db.Completions.IgnoreQueryFilters().AsNoTracking()
                .Where(c => c.PracticeId == practiceId && staffIds.Contains(c.StaffMemberId) && courses.Contains(c.CourseId))
                .Select(c => new { c.StaffMemberId, c.CourseId, c.Track, c.CompletedOn })
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.StaffMemberId);
        var requirementIds = requirements.Select(r => r.Id).ToList();
        var exemptions = (await db.Exemptions.IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.PracticeId == practiceId && staffIds.Contains(e.StaffMemberId) && requirementIds.Contains(e.RequirementId) && e.EndedAt == null)
                .ToListAsync(cancellationToken))
            .ToLookup(e => (e.StaffMemberId, e.RequirementId));

        var rows = new List<RequirementStatus>();
        foreach (var person in people)
        {
            foreach (var requirement in requirements)
            {
                var facts = RequirementScope.Facts(requirement, person.Active && requirement.Active, person.JobRole, person.SiteId, person.HireDate, person.LicenceType, person.LicenceState, person.LicenceExpiry);
                var dates = completions[person.Id].Where(c => RequirementScope.Counts(requirement, person.JobRole, c.CourseId, c.Track)).Select(c => c.CompletedOn);
                // Stored without the exemption: the query applies the exemption window against its own "today".
                var status = DueDates.Evaluate(requirement.Rule, facts, dates, [], today);
                var exemption = exemptions[(person.Id, requirement.Id)]
                    .Where(e => e.Until is null || e.Until >= today)
                    .OrderBy(e => e.From)
                    .FirstOrDefault();
                rows.Add(new RequirementStatus
                {
                    PracticeId = practiceId,
                    RequirementId = requirement.Id,
                    StaffMemberId = person.Id,
                    SiteId = person.SiteId,
                    JobRole = person.JobRole,
                    Applies = facts.Applies && status.State != DueState.NotApplicable,
                    DueOn = status.DueOn,
                    OverdueAfter = status.DueOn?.AddDays(requirement.GraceDays),
                    DueSoonFrom = status.DueOn?.AddDays(-requirement.DueSoonDays),
                    ExemptFrom = exemption?.From,
                    ExemptUntil = exemption?.Until,
                    LastCompleted = status.LastCompleted,
                    UpdatedAt = now,
                });
            }
        }

        await db.RequirementStatuses.IgnoreQueryFilters()
            .Where(s => s.PracticeId == practiceId && staffIds.Contains(s.StaffMemberId) && requirementIds.Contains(s.RequirementId))
            .ExecuteDeleteAsync(cancellationToken);
        db.RequirementStatuses.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var row in rows)
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }

    /// <summary>Today in the practice's time zone.</summary>
    public static async Task<DateOnly> TodayAsync(BeaconDbContext db, Guid practiceId, DateTime now, CancellationToken cancellationToken)
    {
        var zone = await db.Practices.IgnoreQueryFilters().Where(p => p.Id == practiceId).Select(p => p.TimeZoneId).FirstOrDefaultAsync(cancellationToken);
        var info = zone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) ? found : TimeZoneInfo.Utc;
        return DueDates.TodayIn(info, new DateTimeOffset(now, TimeSpan.Zero));
    }
}
