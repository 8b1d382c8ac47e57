using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.LiveSessions;

/// <summary>
/// Cancels a session that has not ended: its code stops working at once. A session that took place is
/// evidence of attendance and is never cancelled afterwards. The cancellation and its reason are audited.
/// A session of a series is cancelled as the series cancels it (EXDATE, SEQUENCE, METHOD:CANCEL emails to the
/// people booked, wait-listed or invited): the form is the series' cancel page, and a post here goes through
/// the same <see cref="Series.SeriesService.CancelOccurrenceAsync"/>.
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class CancelModel(BeaconDbContext db, TenantContext tenant, AuditLog audit, Series.SeriesService series, TimeProvider time) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public string Title { get; private set; } = "";
    public string When { get; private set; } = "";
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var session = await db.LiveSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == Id, cancellationToken);
        if (session is null)
        {
            return NotFound();
        }
        if (session.SeriesId is not null)
        {
            return Redirect($"/series/occurrences/{Id}/cancel");
        }
        await DescribeAsync(session, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var session = await db.LiveSessions.FirstOrDefaultAsync(s => s.Id == Id, cancellationToken);
        if (session is null)
        {
            return NotFound();
        }
        var reason = (Reason ?? "").Trim();
        if (reason.Length > 500)
        {
            ModelState.AddModelError(nameof(Reason), "Keep the reason to 500 characters or fewer.");
        }
        await DescribeAsync(session, cancellationToken);
        if (Refusal is not null || !ModelState.IsValid)
        {
            return Page();
        }
        if (session.SeriesId is { } seriesId)
        {
            var owner = await db.LiveSeries.FirstAsync(s => s.Id == seriesId, cancellationToken);
            var told = await series.CancelOccurrenceAsync(session, owner, reason, cancellationToken);
            TempData["Status"] = $"{session.Title}, {When}, is cancelled. {told} {(told == 1 ? "person was" : "people were")} told by email.";
            return Redirect($"/series/{seriesId}");
        }
        session.CancelledAt = time.GetUtcNow().UtcDateTime;
        audit.Record(tenant.PracticeId, "session.cancelled", "session", session.Id.ToString(), new { session.Title, reason = reason.Length == 0 ? null : reason });
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"{session.Title} is cancelled. Its check-in code no longer works.";
        return Redirect($"/sessions/{Id}");
    }

    private async Task DescribeAsync(LiveSession session, CancellationToken cancellationToken)
    {
        var clock = await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken);
        Title = session.Title;
        When = clock.Format(session.StartsAt);
        Refusal = session.CancelledAt is not null ? "This session is already cancelled."
            : session.EndsAt <= time.GetUtcNow().UtcDateTime ? "This session has already taken place. Its attendance is part of the practice's training records, so it cannot be cancelled now."
            : null;
    }
}
