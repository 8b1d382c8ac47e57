using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Series;

/// <summary>The practice's recurring series, newest first, each with its next session.</summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class IndexModel(BeaconDbContext db, TenantContext tenant, TimeProvider time) : PageModel
{
    public sealed record Row(Guid Id, string Title, string Location, int Capacity, bool Ended, DateTime? Next, int Remaining);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Clock = await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        Rows = await db.LiveSeries.AsNoTracking()
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => new Row(s.Id, s.Title, s.Location, s.Capacity, s.EndedAt != null,
                db.LiveSessions.Where(o => o.SeriesId == s.Id && o.CancelledAt == null && o.StartsAt > now).OrderBy(o => o.StartsAt).Select(o => (DateTime?)o.StartsAt).FirstOrDefault(),
                db.LiveSessions.Count(o => o.SeriesId == s.Id && o.CancelledAt == null && o.StartsAt > now)))
            .ToListAsync(cancellationToken);
    }
}
