using System.Runtime.CompilerServices;
using System.Text.Json;
using Beacon.Data;
using Beacon.Features.Practices;
using Beacon.Features.Requirements;
using Beacon.Features.Roster;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Reports;

/// <summary>What a point-in-time report covers: the day, and optionally one site, one job role, one requirement.</summary>
public sealed record ReportFilter(DateOnly Date, Guid? SiteId = null, string? JobRole = null, Guid? RequirementId = null);

/// <summary>One person's status for one requirement on the report's day.</summary>
public sealed record ReportRow(
    Guid StaffMemberId,
    string Person,
    string JobRole,
    string Site,
    Guid RequirementId,
    string Requirement,
    DueState State,
    DateOnly? DueOn,
    DateOnly? LastCompleted,
    string Explanation)
{
    /// <summary>The columns of every report format, in order; the content hash covers exactly these.</summary>
    public static IReadOnlyList<string> Headings { get; } =
        ["Person", "Staff ID", "Role", "Site", "Requirement", "Status", "Due date", "Last completed", "Explanation"];

    public string[] Cells() =>
    [
        Person,
        StaffMemberId.ToString(),
        JobRoles.NameOf(JobRole),
        Site,
        Requirement,
        StatusText(State),
        Iso(DueOn),
        Iso(LastCompleted),
        Explanation,
    ];

    public static string StatusText(DueState state) => state switch
    {
        DueState.Compliant => "Compliant",
        DueState.DueSoon => "Due soon",
        DueState.Overdue => "Overdue",
        DueState.Exempt => "Exempt",
        _ => "Not applicable",
    };

    /// <summary>Compliant for the trend and summaries: nothing owed yet (compliant, or due soon / in grace). Exempt rows count in neither part.</summary>
    public bool CountsAsCompliant => State is DueState.Compliant or DueState.DueSoon;

    private static string Iso(DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}

/// <summary>A requirement as it was defined at the report's instant (from its recorded version).</summary>
public sealed record RequirementAsOf(Guid Id, string Name, Requirement Definition);

/// <summary>
/// A prepared report: the practice, the instant that bounds what it reads, and the people and requirements
/// in it. <see cref="RowsAsync"/> evaluates people in batches, in a fixed order, so any format can stream it.
/// </summary>
public sealed class PointInTimeReport
{
    internal PointInTimeReport(BeaconDbContext db, Guid practiceId, string practiceName, PracticeClock clock, ReportFilter filter, DateTime cutoffUtc,
        IReadOnlyList<PersonAsOf> people, IReadOnlyList<RequirementAsOf> requirements, IReadOnlyDictionary<Guid, string> siteNames)
    {
        Db = db;
        PracticeId = practiceId;
        PracticeName = practiceName;
        Clock = clock;
        Filter = filter;
        CutoffUtc = cutoffUtc;
        People = people;
        Requirements = requirements;
        SiteNames = siteNames;
    }

    public Guid PracticeId { get; }
    public string PracticeName { get; }
    public PracticeClock Clock { get; }
    public ReportFilter Filter { get; }

    /// <summary>The first instant after the report's day in the practice's zone: only what was recorded before it counts.</summary>
    public DateTime CutoffUtc { get; }

    public IReadOnlyList<RequirementAsOf> Requirements { get; }
    public IReadOnlyDictionary<Guid, string> SiteNames { get; }
    public int PeopleCount => People.Count;

    internal IReadOnlyList<PersonAsOf> People { get; }
    private BeaconDbContext Db { get; }

    /// <summary>The filters in words, for the printed report ("all sites, all roles, all requirements").</summary>
    public string FilterText()
    {
        var site = Filter.SiteId is { } s ? "site " + SiteNames.GetValueOrDefault(s, s.ToString()) : "all sites";
        var role = Filter.JobRole is { } r ? "role " + JobRoles.NameOf(r) : "all roles";
        var requirement = Filter.RequirementId is { } q ? "requirement " + (Requirements.FirstOrDefault(x => x.Id == q)?.Name ?? q.ToString()) : "all requirements";
        return $"{site}; {role}; {requirement}";
    }

    /// <summary>
    /// Every row, ordered by person (last name, first name, id; ordinal, so both databases agree) then
    /// requirement (name, id). <paramref name="peopleDone"/> is told how many people are evaluated so far.
    /// </summary>
    public async IAsyncEnumerable<ReportRow> RowsAsync(Action<int>? peopleDone = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Requirements.Count == 0)
        {
            peopleDone?.Invoke(People.Count);
            yield break;
        }
        var courses = Requirements.Select(r => r.Definition.CourseId).Distinct().ToList();
        var requirementIds = Requirements.Select(r => r.Id).ToList();
        var done = 0;
        foreach (var batch in People.Chunk(PointInTimeReports.Batch))
        {
            var ids = batch.Select(p => p.StaffMemberId).ToList();
            var completions = (await Db.Completions.AsNoTracking()
                    .Where(c => c.PracticeId == PracticeId && ids.Contains(c.StaffMemberId) && courses.Contains(c.CourseId) && c.CompletedAt < CutoffUtc)
                    .Select(c => new { c.StaffMemberId, c.CourseId, c.Track, c.CompletedOn })
                    .ToListAsync(cancellationToken))
                .ToLookup(c => c.StaffMemberId);
            var exemptions = (await Db.Exemptions.AsNoTracking()
                    .Where(e => e.PracticeId == PracticeId && ids.Contains(e.StaffMemberId) && requirementIds.Contains(e.RequirementId) &&
                                e.CreatedAt < CutoffUtc && (e.EndedAt == null || e.EndedAt >= CutoffUtc))
                    .Select(e => new { e.StaffMemberId, e.RequirementId, e.From, e.Until, e.Reason, e.Id })
                    .ToListAsync(cancellationToken))
                .OrderBy(e => e.From).ThenBy(e => e.Id)
                .ToLookup(e => (e.StaffMemberId, e.RequirementId));

            foreach (var person in batch)
            {
                foreach (var requirement in Requirements)
                {
                    var rule = requirement.Definition;
                    var facts = RequirementScope.Facts(rule, person.Active, person.JobRole, person.SiteId, person.HireDate, person.LicenceType, person.LicenceState, person.LicenceExpiry);
                    var dates = completions[person.StaffMemberId].Where(c => RequirementScope.Counts(rule, person.JobRole, c.CourseId, c.Track)).Select(c => c.CompletedOn);
                    var excused = exemptions[(person.StaffMemberId, requirement.Id)].Select(e => new DueExemption(e.From, e.Until, e.Reason));
                    var status = DueDates.Evaluate(rule.Rule, facts, dates, excused, Filter.Date);
                    if (status.State == DueState.NotApplicable)
                    {
                        continue;
                    }
                    yield return new ReportRow(person.StaffMemberId, person.Name, person.JobRole, SiteNames.GetValueOrDefault(person.SiteId, ""),
                        requirement.Id, requirement.Name, status.State, status.DueOn, status.LastCompleted, status.Explanation);
                }
            }
            done += batch.Length;
            peopleDone?.Invoke(done);
        }
    }
}

/// <summary>A person as the roster recorded them at the report's instant.</summary>
internal sealed record PersonAsOf(Guid StaffMemberId, string FirstName, string LastName, bool Active, string JobRole, Guid SiteId,
    DateOnly? HireDate, string? LicenceType, string? LicenceState, DateOnly? LicenceExpiry)
{
    public string Name => LastName.Length == 0 ? FirstName : FirstName.Length == 0 ? LastName : $"{LastName}, {FirstName}";
}

/// <summary>
/// "Everyone's status on day X", computed only from history recorded before the end of X in the practice's
/// zone: roster snapshots and requirement versions valid then, completions recorded by then, exemptions
/// granted by then and not yet ended. It never reads today's roster, requirements or stored statuses, so a
/// report on a past day is the same whenever it is run.
/// </summary>
public sealed class PointInTimeReports(BeaconDbContext db)
{
    internal const int Batch = 1_000;

    public async Task<PointInTimeReport?> PrepareAsync(Guid practiceId, ReportFilter filter, CancellationToken cancellationToken)
    {
        var practice = await db.Practices.AsNoTracking().Where(p => p.Id == practiceId).Select(p => new { p.Name, p.TimeZoneId }).FirstOrDefaultAsync(cancellationToken);
        if (practice is null)
        {
            return null;
        }
        var clock = PracticeClock.For(practice.TimeZoneId);
        var cutoff = clock.StartOfDayUtc(filter.Date.AddDays(1));

        var versions = await db.RequirementVersions.AsNoTracking()
            .Where(v => v.PracticeId == practiceId && v.ValidFrom < cutoff && (v.ValidTo == null || v.ValidTo >= cutoff))
            .Select(v => new { v.RequirementId, v.ValidFrom, v.Definition })
            .ToListAsync(cancellationToken);
        var requirements = versions
            .GroupBy(v => v.RequirementId)
            .Select(g => g.OrderByDescending(v => v.ValidFrom).First())
            .Select(v => new RequirementAsOf(v.RequirementId, "", Definition(practiceId, v.RequirementId, v.Definition)))
            .Where(r => r.Definition.Active && (filter.RequirementId is null || r.Id == filter.RequirementId))
            .Select(r => r with { Name = r.Definition.Name })
            .OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id)
            .ToList();

        var snapshots = await db.StaffSnapshots.AsNoTracking()
            .Where(s => s.PracticeId == practiceId && s.ValidFrom < cutoff && (s.ValidTo == null || s.ValidTo >= cutoff))
            .Select(s => new { s.StaffMemberId, s.ValidFrom, s.Id, s.FirstName, s.LastName, s.Active, s.JobRole, s.SiteId, s.HireDate, s.LicenceType, s.LicenceState, s.LicenceExpiry })
            .ToListAsync(cancellationToken);
        var people = snapshots
            .GroupBy(s => s.StaffMemberId)
            .Select(g => g.OrderByDescending(s => s.ValidFrom).ThenByDescending(s => s.Id).First())
            .Where(s => s.Active && (filter.SiteId is null || s.SiteId == filter.SiteId) && (filter.JobRole is null || s.JobRole == filter.JobRole))
            .Select(s => new PersonAsOf(s.StaffMemberId, s.FirstName, s.LastName, s.Active, s.JobRole, s.SiteId, s.HireDate, s.LicenceType, s.LicenceState, s.LicenceExpiry))
            .OrderBy(p => p.LastName, StringComparer.Ordinal).ThenBy(p => p.FirstName, StringComparer.Ordinal).ThenBy(p => p.StaffMemberId)
            .ToList();

        var siteNames = await db.Sites.AsNoTracking().Where(s => s.PracticeId == practiceId).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        return new PointInTimeReport(db, practiceId, practice.Name, clock, filter, cutoff, people, requirements, siteNames);
    }

    /// <summary>The requirement's recorded definition (the JSON <see cref="StaffHistory"/> writes) as an unsaved <see cref="Requirement"/>.</summary>
    private static Requirement Definition(Guid practiceId, Guid requirementId, string json)
    {
        var d = JsonSerializer.Deserialize<RecordedDefinition>(json) ?? throw new InvalidOperationException($"Requirement version of {requirementId} has no definition.");
        return new Requirement
        {
            Id = requirementId,
            PracticeId = practiceId,
            Name = d.Name ?? "",
            CourseId = d.CourseId ?? "",
            Track = d.Track,
            Frequency = d.Frequency,
            Months = d.Months,
            FixedMonth = d.FixedMonth,
            FixedDay = d.FixedDay,
            NewHireDays = d.NewHireDays,
            GraceDays = d.GraceDays,
            EarlyDays = d.EarlyDays,
            DueSoonDays = d.DueSoonDays,
            StartsOn = d.StartsOn,
            Roles = d.Roles ?? "",
            Sites = d.Sites ?? "",
            LicenceTypes = d.LicenceTypes ?? "",
            LicenceStates = d.LicenceStates ?? "",
            MandateId = d.MandateId,
            MandateReading = d.MandateReading,
            Active = d.Active,
        };
    }

    private sealed record RecordedDefinition(
        string? Name, string? CourseId, string? Track, Frequency Frequency, int Months, int FixedMonth, int FixedDay, int NewHireDays,
        int GraceDays, int EarlyDays, int DueSoonDays, DateOnly StartsOn, string? Roles, string? Sites, string? LicenceTypes,
        string? LicenceStates, string? MandateId, string? MandateReading, bool Active);
}
