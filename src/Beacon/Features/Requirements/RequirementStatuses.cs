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

        var people = staffIds.Distinct().ToArray();
        if (requirementIds.Count == 0 && people.Length <= Batch)
        {
            // A few people changed (a completion, an exemption, a roster edit): the dashboard's kept figures,
            // when current, move on by exactly what this write changes, so the next view needs no recount.
            var kept = await Compliance.ComplianceSnapshots.LockForWriteAsync(db, practiceId, cancellationToken);
            var change = kept is null ? null : new Compliance.ComplianceChange(kept.Day);
            await RefreshPeopleAsync(db, practiceId, people, requirements, now, change, cancellationToken);
            if (kept is null || change is null || !await Compliance.ComplianceSnapshots.MoveAsync(db, practiceId, kept, change, now, cancellationToken))
            {
                await Compliance.ComplianceSnapshots.InvalidateAsync(db, practiceId, cancellationToken);
            }
            return;
        }

        if (requirementIds.Count > 0)
        {
            // Whole-practice refresh of the changed requirements.
            var changed = requirements.Where(r => requirementIds.Contains(r.Id)).ToList();
            var everyone = db.StaffMembers.IgnoreQueryFilters().AsNoTracking().Where(s => s.PracticeId == practiceId).Select(s => s.Id);
            await foreach (var chunk in Chunks(everyone, cancellationToken))
            {
                await RefreshPeopleAsync(db, practiceId, chunk, changed, now, null, cancellationToken);
            }
        }
        var others = requirements.Where(r => !requirementIds.Contains(r.Id)).ToList();
        foreach (var chunk in people.Chunk(Batch))
        {
            await RefreshPeopleAsync(db, practiceId, chunk, others, now, null, cancellationToken);
        }
        // A whole-practice refresh (a new or changed requirement) or a large batch of people: the dashboard's
        // kept figures are out of date from this transaction on, and the next view or the day job counts them.
        await Compliance.ComplianceSnapshots.InvalidateAsync(db, practiceId, cancellationToken);
    }

    private static async IAsyncEnumerable<Guid[]> Chunks(IQueryable<Guid> ids, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var all = await ids.ToListAsync(cancellationToken);
        foreach (var chunk in all.Chunk(Batch))
        {
            yield return chunk;
        }
    }

    /// <summary>
    /// Replaces the statuses of <paramref name="staffIds"/> for <paramref name="requirements"/>. With a
    /// <paramref name="change"/>, the aggregate groups of the rows replaced (read before the delete) and of the
    /// rows written (classified in memory, the same expression) are recorded in it for the kept figures.
    /// </summary>
    private static async Task RefreshPeopleAsync(BeaconDbContext db, Guid practiceId, Guid[] staffIds, List<Requirement> requirements, DateTime now, Compliance.ComplianceChange? change, CancellationToken cancellationToken)
    {
        if (staffIds.Length == 0 || requirements.Count == 0)
        {
            return;
        }
        var today = await TodayAsync(db, practiceId, now, cancellationToken);
        var facts = await LoadFactsAsync(db, practiceId, staffIds, requirements, cancellationToken);
        var people = facts.People;
        var completions = facts.Completions;
        var exemptions = facts.Exemptions;
        var requirementIds = requirements.Select(r => r.Id).ToList();

        var rows = new List<RequirementStatus>();
        foreach (var person in people)
        {
            foreach (var requirement in requirements)
            {
                // Stored without the exemption: the query applies the exemption window against its own "today".
                var (scope, status) = Evaluate(person, requirement, completions, [], today);
                var settled = requirement.Frequency == Frequency.LicenceRenewal && status.State == DueState.Compliant;
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
                    Applies = scope.Applies && status.State != DueState.NotApplicable,
                    DueOn = status.DueOn,
                    // Training done for a licence renewal stays compliant until the roster brings the next
                    // expiry date, so its dates never turn it due soon or overdue (see StatusToday).
                    OverdueAfter = settled ? null : status.DueOn?.AddDays(requirement.GraceDays),
                    DueSoonFrom = settled ? null : status.DueOn?.AddDays(-requirement.DueSoonDays),
                    ExemptFrom = exemption?.From,
                    ExemptUntil = exemption?.Until,
                    LastCompleted = status.LastCompleted,
                    UpdatedAt = now,
                });
            }
        }

        var replaced = db.RequirementStatuses.IgnoreQueryFilters()
            .Where(s => s.PracticeId == practiceId && staffIds.Contains(s.StaffMemberId) && requirementIds.Contains(s.RequirementId));
        if (change is not null)
        {
            change.Remove(await Compliance.ComplianceFigures.Cells(replaced.AsNoTracking(), change.Day).ToListAsync(cancellationToken));
            change.Add(Compliance.ComplianceFigures.Cells(rows.AsQueryable(), change.Day));
        }
        await replaced.ExecuteDeleteAsync(cancellationToken);
        db.RequirementStatuses.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var row in rows)
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }

    /// <summary>What the engine needs about a group of people: their roster facts, completions and open exemptions.</summary>
    private sealed record Facts(
        List<PersonRow> People,
        ILookup<Guid, CompletionRow> Completions,
        ILookup<(Guid StaffMemberId, Guid RequirementId), Exemption> Exemptions);

    private sealed record PersonRow(Guid Id, bool Active, string JobRole, Guid SiteId, DateOnly? HireDate, string? LicenceType, string? LicenceState, DateOnly? LicenceExpiry);

    private sealed record CompletionRow(Guid StaffMemberId, string CourseId, string Track, DateOnly CompletedOn);

    private static async Task<Facts> LoadFactsAsync(BeaconDbContext db, Guid practiceId, IReadOnlyCollection<Guid> staffIds, IReadOnlyCollection<Requirement> requirements, CancellationToken cancellationToken)
    {
        var people = await db.StaffMembers.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.PracticeId == practiceId && staffIds.Contains(s.Id))
            .Select(s => new PersonRow(s.Id, s.Active, s.JobRole, s.SiteId, s.HireDate, s.LicenceType, s.LicenceState, s.LicenceExpiry))
            .ToListAsync(cancellationToken);
        var courses = requirements.Select(r => r.CourseId).Distinct().ToList();
        var completions = (await db.Completions.IgnoreQueryFilters().AsNoTracking()
                .Where(c => c.PracticeId == practiceId && staffIds.Contains(c.StaffMemberId) && courses.Contains(c.CourseId))
                .Select(c => new CompletionRow(c.StaffMemberId, c.CourseId, c.Track, c.CompletedOn))
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.StaffMemberId);
        var requirementIds = requirements.Select(r => r.Id).ToList();
        var exemptions = (await db.Exemptions.IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.PracticeId == practiceId && staffIds.Contains(e.StaffMemberId) && requirementIds.Contains(e.RequirementId) && e.EndedAt == null)
                .ToListAsync(cancellationToken))
            .ToLookup(e => (e.StaffMemberId, e.RequirementId));
        return new Facts(people, completions, exemptions);
    }

    private static (PersonFacts Scope, DueStatus Status) Evaluate(PersonRow person, Requirement requirement, ILookup<Guid, CompletionRow> completions, IEnumerable<DueExemption> exemptions, DateOnly today)
    {
        var scope = RequirementScope.Facts(requirement, person.Active && requirement.Active, person.JobRole, person.SiteId, person.HireDate, person.LicenceType, person.LicenceState, person.LicenceExpiry);
        var dates = completions[person.Id].Where(c => RequirementScope.Counts(requirement, person.JobRole, c.CourseId, c.Track)).Select(c => c.CompletedOn);
        return (scope, DueDates.Evaluate(requirement.Rule, scope, dates, exemptions, today));
    }

    /// <summary>
    /// The engine's full answer, with its plain-words explanation, for a page of (person, requirement) pairs:
    /// lists show it beside the stored status. Runs the engine only for the pairs asked for.
    /// </summary>
    public static async Task<Dictionary<(Guid StaffMemberId, Guid RequirementId), DueStatus>> ExplainAsync(BeaconDbContext db, Guid practiceId, IReadOnlyCollection<(Guid StaffMemberId, Guid RequirementId)> pairs, DateOnly today, CancellationToken cancellationToken)
    {
        var answers = new Dictionary<(Guid, Guid), DueStatus>();
        if (pairs.Count == 0)
        {
            return answers;
        }
        var requirementIds = pairs.Select(p => p.RequirementId).Distinct().ToList();
        var requirements = await db.Requirements.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.PracticeId == practiceId && requirementIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        var staffIds = pairs.Select(p => p.StaffMemberId).Distinct().ToList();
        var facts = await LoadFactsAsync(db, practiceId, staffIds, [.. requirements.Values], cancellationToken);
        var people = facts.People.ToDictionary(p => p.Id);
        foreach (var (staffId, requirementId) in pairs)
        {
            if (people.TryGetValue(staffId, out var person) && requirements.TryGetValue(requirementId, out var requirement))
            {
                var exemptions = facts.Exemptions[(staffId, requirementId)].Select(e => new DueExemption(e.From, e.Until, e.Reason));
                answers[(staffId, requirementId)] = Evaluate(person, requirement, facts.Completions, exemptions, today).Status;
            }
        }
        return answers;
    }

    /// <summary>Today in the practice's time zone.</summary>
    public static async Task<DateOnly> TodayAsync(BeaconDbContext db, Guid practiceId, DateTime now, CancellationToken cancellationToken)
    {
        var zone = await db.Practices.IgnoreQueryFilters().Where(p => p.Id == practiceId).Select(p => p.TimeZoneId).FirstOrDefaultAsync(cancellationToken);
        return TodayIn(zone, new DateTimeOffset(now, TimeSpan.Zero));
    }

    /// <summary>Today in a practice time zone given by its id (UTC when the id is unknown on this machine).</summary>
    public static DateOnly TodayIn(string? zone, DateTimeOffset now)
    {
        var info = zone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) ? found : TimeZoneInfo.Utc;
        return DueDates.TodayIn(info, now);
    }
}
