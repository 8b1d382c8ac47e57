using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Requirements;

/// <summary>The practice's requirements with today's counts, read from the stored statuses.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class IndexModel(BeaconDbContext db, RequirementViews views, CourseCatalog catalog) : PageModel
{
    public sealed record Row(Requirement Requirement, string Who, string What, StatusCounts Counts);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = await views.TodayAsync(cancellationToken);
        var requirements = await db.Requirements.AsNoTracking().OrderByDescending(r => r.Active).ThenBy(r => r.Name).ToListAsync(cancellationToken);
        var counts = await views.CountsAsync(Today, cancellationToken);
        var sites = await SiteNamesAsync(db, cancellationToken);
        var titles = await CourseTitlesAsync(catalog, cancellationToken);
        Rows = [.. requirements.Select(r => new Row(r, RequirementForm.DescribeWho(r, sites), What(r, titles), counts.GetValueOrDefault(r.Id, new StatusCounts(0, 0, 0, 0))))];
    }

    public static async Task<Dictionary<string, string>> SiteNamesAsync(BeaconDbContext db, CancellationToken cancellationToken) =>
        (await db.Sites.AsNoTracking().Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken)).ToDictionary(s => s.Id.ToString().ToLowerInvariant(), s => s.Name);

    public static async Task<Dictionary<string, string>> CourseTitlesAsync(CourseCatalog catalog, CancellationToken cancellationToken) =>
        (await catalog.ListAsync(cancellationToken)).GroupBy(c => c.CourseId).ToDictionary(g => g.Key, g => g.First().Title);

    public static string What(Requirement r, IReadOnlyDictionary<string, string> titles) =>
        titles.GetValueOrDefault(r.CourseId, r.CourseId) + (r.Track is null ? " (track by role)" : $" ({r.Track} track)");
}
