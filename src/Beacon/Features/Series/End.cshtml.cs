using System.Globalization;
using System.Text.RegularExpressions;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Series;

/// <summary>
/// Ends a series now: the rule gets an UNTIL of this moment, and every session still to come is cancelled
/// (with a METHOD:CANCEL email to everyone booked, wait-listed or invited). Past sessions stay as records.
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed partial class EndModel(BeaconDbContext db, TenantContext tenant, AuditLog audit, SeriesService service, TimeProvider time) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public LiveSeries Series { get; private set; } = null!;
    public int Remaining { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var series = await db.LiveSeries.AsNoTracking().FirstOrDefaultAsync(s => s.Id == Id, cancellationToken);
        if (series is null)
        {
            return NotFound();
        }
        Series = series;
        var now = time.GetUtcNow().UtcDateTime;
        Remaining = await db.LiveSessions.CountAsync(s => s.SeriesId == Id && s.CancelledAt == null && s.StartsAt > now, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var series = await db.LiveSeries.FirstOrDefaultAsync(s => s.Id == Id, cancellationToken);
        if (series is null)
        {
            return NotFound();
        }
        Series = series;
        if (series.EndedAt is not null)
        {
            return Redirect($"/series/{Id}");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var future = await db.LiveSessions.Where(s => s.SeriesId == Id && s.CancelledAt == null && s.StartsAt > now).ToListAsync(cancellationToken);
        var told = 0;
        foreach (var session in future)
        {
            session.CancelledAt = now;
            session.Sequence++;
            told += await service.QueueAsync(session, await service.AudienceAsync(session.Id, cancellationToken), "CANCEL", "session-cancelled", "Cancelled",
                "This in-service is cancelled: the series it belonged to has ended. The attached update removes it from your calendar.", cancellationToken);
        }
        series.RRule = EndClause().Replace(series.RRule, "") + ";UNTIL=" + now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        series.EndedAt = now;
        series.Sequence++;
        series.UpdatedAt = now;
        audit.Record(tenant.PracticeId, "series.ended", "series", series.Id.ToString(), new { series.Title, cancelled = future.Count, told });
        await db.SaveChangesAsync(cancellationToken);
        var clock = await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken);
        TempData["Status"] = $"The series has ended as of {clock.Format(now)}; {future.Count} sessions to come are cancelled.";
        return Redirect($"/series/{Id}");
    }

    [GeneratedRegex(";(UNTIL|COUNT)=[^;]*")]
    private static partial Regex EndClause();
}
