using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Requirements;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Compliance;

/// <summary>
/// The practice's compliance today: per cent compliant overall, by requirement, site and job role, with due-soon,
/// overdue and exempt counts. Every figure comes from one aggregate query over the stored statuses; every
/// number links to the people behind it.
/// </summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class DashboardModel(BeaconDbContext db, TenantContext tenant, TimeProvider time, Reports.ComplianceTrend trend) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? Site { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Role { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Requirement { get; set; }

    public DateOnly Today { get; private set; }
    public ComplianceFigures Figures { get; private set; } = ComplianceFigures.From([]);
    public IReadOnlyList<ComplianceOption> Sites { get; private set; } = [];
    public IReadOnlyList<ComplianceOption> Requirements { get; private set; } = [];
    public IReadOnlyList<Reports.TrendPoint> Trend { get; private set; } = [];
    public ComplianceFilter Filter => new(Site, string.IsNullOrEmpty(Role) ? null : Role, Requirement);
    public bool Filtered => Site is not null || !string.IsNullOrEmpty(Role) || Requirement is not null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var data = await LoadAsync(db, tenant.PracticeId, time.GetUtcNow().UtcDateTime, Filter, cancellationToken);
        // Past months come from the cache (each computed once from what was recorded by then).
        Trend = await trend.LastTwelveMonthsAsync(tenant.PracticeId, cancellationToken);
        (Today, Figures, Sites, Requirements) = (data.Today, data.Figures, data.Sites, data.Requirements);
    }

    /// <summary>
    /// Everything the page reads, in four queries whatever the staff count (the benchmark times this): today, sites,
    /// requirements and the kept figures; when a status write or a new day has made those out of date, the aggregate
    /// is counted again and kept (two more).
    /// </summary>
    public static async Task<DashboardData> LoadAsync(BeaconDbContext db, Guid practiceId, DateTime now, ComplianceFilter filter, CancellationToken cancellationToken)
    {
        var today = await RequirementStatuses.TodayAsync(db, practiceId, now, cancellationToken);
        var sites = await db.Sites.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new ComplianceOption(s.Id, s.Name, s.Active)).ToListAsync(cancellationToken);
        var requirements = await db.Requirements.AsNoTracking().OrderBy(r => r.Name)
            .Select(r => new ComplianceOption(r.Id, r.Name, r.Active)).ToListAsync(cancellationToken);
        var cells = await ComplianceSnapshots.CellsAsync(db, practiceId, today, now, cancellationToken);
        var figures = ComplianceFigures.From(cells.Where(filter.Matches));
        return new DashboardData(today, figures, sites, requirements);
    }

    public string SiteName(Guid id) => Sites.FirstOrDefault(s => s.Id == id)?.Name ?? "Unknown site";

    public string RequirementName(Guid id) => Requirements.FirstOrDefault(r => r.Id == id)?.Name ?? "Unknown requirement";
}

public sealed record DashboardData(DateOnly Today, ComplianceFigures Figures, IReadOnlyList<ComplianceOption> Sites, IReadOnlyList<ComplianceOption> Requirements);

/// <summary>A site or requirement in a filter list.</summary>
public sealed record ComplianceOption(Guid Id, string Name, bool Active);
