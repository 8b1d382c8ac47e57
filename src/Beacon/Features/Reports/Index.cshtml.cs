using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Practices;
using Beacon.Features.Requirements;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Reports;

/// <summary>
/// Everyone's status on a chosen day, for practice administrators and auditors: the form, the totals, one
/// page of rows, the content hash, and downloads of the whole report. The 12-month trend sits beside it.
/// </summary>
[Authorize(Policy = Policies.Auditor)]
[RefuseUnknownHandlers]
public sealed class IndexModel(BeaconDbContext db, TenantContext tenant, PointInTimeReports reports, ComplianceTrend trend, TimeProvider time) : PageModel
{
    public const int PageSize = 200;

    [FromQuery(Name = "date")]
    public string? Date { get; set; }

    [FromQuery(Name = "site")]
    public Guid? Site { get; set; }

    [FromQuery(Name = "role")]
    public string? Role { get; set; }

    [FromQuery(Name = "requirement")]
    public Guid? Requirement { get; set; }

    [FromQuery(Name = "p")]
    public int PageNumber { get; set; } = 1;

    public DateOnly Today { get; private set; }
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;
    public ReportFilter? Filter { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> Sites { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Requirements { get; private set; } = [];
    public ReportResult? Result { get; private set; }
    public IReadOnlyList<TrendPoint> Trend { get; private set; } = [];

    public sealed record ReportResult(PointInTimeReport Report, IReadOnlyList<ReportRow> Rows, int Total, IReadOnlyDictionary<DueState, int> Counts, string Sha256, DateTime GeneratedAt)
    {
        public int Count(DueState state) => Counts.GetValueOrDefault(state);
    }

    public string QueryString => Filter is null ? "" : ReportQuery.QueryString(Filter);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var practiceId = tenant.PracticeId;
        Clock = await PracticeClock.ForPracticeAsync(db, practiceId, cancellationToken);
        Today = Clock.Today(time);
        Sites = (await db.Sites.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken)).Select(s => (s.Id, s.Name)).ToList();
        // Options for the form only; the report itself reads each requirement's definition as recorded on the day.
        Requirements = (await db.Requirements.AsNoTracking().OrderBy(r => r.Name).Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken)).Select(r => (r.Id, r.Name)).ToList();
        Trend = await trend.LastTwelveMonthsAsync(practiceId, cancellationToken);

        var query = new ReportQuery { Date = Date, Site = Site, Role = Role, Requirement = Requirement };
        Filter = query.ToFilter(Today, ModelState);
        if (Filter is null || string.IsNullOrWhiteSpace(Date))
        {
            // The form first; a report runs once a day is chosen (an invalid one shows its error instead).
            Date ??= Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Filter = null;
            return Page();
        }

        var report = await reports.PrepareAsync(practiceId, Filter, cancellationToken);
        if (report is null)
        {
            return NotFound();
        }
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        var skip = (PageNumber - 1) * PageSize;
        var rows = new List<ReportRow>();
        var counts = new Dictionary<DueState, int>();
        using var hash = new ReportHash();
        var total = 0;
        await foreach (var row in report.RowsAsync(cancellationToken: cancellationToken))
        {
            hash.Add(row);
            counts[row.State] = counts.GetValueOrDefault(row.State) + 1;
            if (total >= skip && rows.Count < PageSize)
            {
                rows.Add(row);
            }
            total++;
        }
        Result = new ReportResult(report, rows, total, counts, hash.Finish(), time.GetUtcNow().UtcDateTime);
        return Page();
    }
}
