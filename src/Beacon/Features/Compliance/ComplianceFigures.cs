using Beacon.Data;
using Beacon.Features.Requirements;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Compliance;

/// <summary>The dashboard's filters, as they travel in the query string.</summary>
public sealed record ComplianceFilter(Guid? Site = null, string? Role = null, Guid? Requirement = null)
{
    public IQueryable<RequirementStatus> Apply(IQueryable<RequirementStatus> statuses)
    {
        if (Site is { } site)
        {
            statuses = statuses.Where(s => s.SiteId == site);
        }
        if (!string.IsNullOrEmpty(Role))
        {
            statuses = statuses.Where(s => s.JobRole == Role);
        }
        if (Requirement is { } requirement)
        {
            statuses = statuses.Where(s => s.RequirementId == requirement);
        }
        return statuses;
    }

    /// <summary>The same filter over the aggregate's groups (site, role and requirement are its keys).</summary>
    public bool Matches(ComplianceCell cell) =>
        (Site is not { } site || cell.SiteId == site)
        && (string.IsNullOrEmpty(Role) || cell.JobRole == Role)
        && (Requirement is not { } requirement || cell.RequirementId == requirement);
}

/// <summary>
/// Counts of person × requirement assignments that apply, by today's state. "Compliant" is everyone not
/// overdue: up to date, due soon (still current) and exempt.
/// </summary>
public sealed record ComplianceCounts(int UpToDate, int DueSoon, int Overdue, int Exempt)
{
    public static ComplianceCounts Zero { get; } = new(0, 0, 0, 0);

    public int Applicable => UpToDate + DueSoon + Overdue + Exempt;
    public int Compliant => UpToDate + DueSoon + Exempt;

    /// <summary>Per cent compliant, rounded down to one decimal (99.96% never shows as 100%); null when nothing applies.</summary>
    public decimal? Percent => Applicable == 0 ? null : Math.Floor(Compliant * 1000m / Applicable) / 10m;

    public ComplianceCounts Add(DueState state, int count) => state switch
    {
        DueState.Compliant => this with { UpToDate = UpToDate + count },
        DueState.DueSoon => this with { DueSoon = DueSoon + count },
        DueState.Overdue => this with { Overdue = Overdue + count },
        DueState.Exempt => this with { Exempt = Exempt + count },
        _ => this,
    };
}

/// <summary>One group of the single aggregate query: a site, role and requirement in one state, and how many.</summary>
public sealed record ComplianceCell(Guid SiteId, string JobRole, Guid RequirementId, DueState State, int Count);

public sealed record ComplianceFigures(
    ComplianceCounts Overall,
    IReadOnlyDictionary<Guid, ComplianceCounts> BySite,
    IReadOnlyDictionary<string, ComplianceCounts> ByRole,
    IReadOnlyDictionary<Guid, ComplianceCounts> ByRequirement)
{
    /// <summary>
    /// Every number on the dashboard from one GROUP BY query over the stored statuses (site × role ×
    /// requirement × today's state), rolled up in memory: at most a few thousand groups whatever the staff count.
    /// </summary>
    public static async Task<ComplianceFigures> ComputeAsync(BeaconDbContext db, DateOnly today, ComplianceFilter filter, CancellationToken cancellationToken) =>
        From(await Aggregate(filter.Apply(db.RequirementStatuses.AsNoTracking().Where(s => s.Applies)), today).ToListAsync(cancellationToken));

    /// <summary>The practice's whole aggregate (no filter): what <see cref="ComplianceSnapshots"/> keeps; every filter is a subset of its groups.</summary>
    public static async Task<List<ComplianceCell>> CellsAsync(BeaconDbContext db, DateOnly today, CancellationToken cancellationToken) =>
        await Cells(db.RequirementStatuses.AsNoTracking(), today).ToListAsync(cancellationToken);

    /// <summary>
    /// The aggregate's groups over any set of statuses: in the database (the dashboard's count, and the rows a
    /// write is about to replace) or in memory (the rows a write has just made, through LINQ to objects). One
    /// definition, so kept figures moved on by a write (<see cref="ComplianceSnapshots"/>) equal a recount.
    /// </summary>
    internal static IQueryable<ComplianceCell> Cells(IQueryable<RequirementStatus> statuses, DateOnly today) =>
        Aggregate(statuses.Where(s => s.Applies), today);

    private static IQueryable<ComplianceCell> Aggregate(IQueryable<RequirementStatus> statuses, DateOnly today) =>
        StatusToday.Classify(statuses, today)
            .GroupBy(s => new { s.SiteId, s.JobRole, s.RequirementId, s.State })
            .Select(g => new ComplianceCell(g.Key.SiteId, g.Key.JobRole, g.Key.RequirementId, g.Key.State, g.Count()));

    public static ComplianceFigures From(IEnumerable<ComplianceCell> cells)
    {
        var overall = ComplianceCounts.Zero;
        var bySite = new Dictionary<Guid, ComplianceCounts>();
        var byRole = new Dictionary<string, ComplianceCounts>(StringComparer.Ordinal);
        var byRequirement = new Dictionary<Guid, ComplianceCounts>();
        foreach (var cell in cells)
        {
            overall = overall.Add(cell.State, cell.Count);
            bySite[cell.SiteId] = bySite.GetValueOrDefault(cell.SiteId, ComplianceCounts.Zero).Add(cell.State, cell.Count);
            byRole[cell.JobRole] = byRole.GetValueOrDefault(cell.JobRole, ComplianceCounts.Zero).Add(cell.State, cell.Count);
            byRequirement[cell.RequirementId] = byRequirement.GetValueOrDefault(cell.RequirementId, ComplianceCounts.Zero).Add(cell.State, cell.Count);
        }
        return new ComplianceFigures(overall, bySite, byRole, byRequirement);
    }
}
