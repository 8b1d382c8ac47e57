using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Features.Series;

/// <summary>
/// Cancels one occurrence (an EXDATE in the series' calendar). Bookings are kept as history; everyone booked,
/// wait-listed or invited gets a METHOD:CANCEL message with the next SEQUENCE.
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class CancelModel(BeaconDbContext db, TenantContext tenant, AuditLog audit, SeriesService series, TimeProvider time) : OccurrencePageModel(db, tenant, time)
{
    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(track: false, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(track: true, cancellationToken))
        {
            return NotFound();
        }
        var reason = (Reason ?? "").Trim();
        if (reason.Length > 500)
        {
            ModelState.AddModelError(nameof(Reason), "Keep the reason to 500 characters or fewer.");
        }
        if (Refusal is not null || !ModelState.IsValid)
        {
            return Page();
        }
        Session.CancelledAt = Time.GetUtcNow().UtcDateTime;
        Session.Sequence++;
        Series.Sequence++;
        Series.UpdatedAt = Session.CancelledAt.Value;
        var audience = await series.AudienceAsync(Session.Id, cancellationToken);
        var told = await series.QueueAsync(Session, audience, "CANCEL", "session-cancelled", "Cancelled",
            "This in-service is cancelled." + (reason.Length > 0 ? $" Reason: {reason}" : "") + " The attached update removes it from your calendar.", cancellationToken);
        audit.Record(Tenant.PracticeId, "series.occurrence-cancelled", "session", Session.Id.ToString(), new { Series.Title, reason = reason.Length == 0 ? null : reason, told });
        await Db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"The session of {Clock.Format(Session.StartsAt)} is cancelled. {told} {(told == 1 ? "person was" : "people were")} told by email.";
        return Redirect($"/series/{Series.Id}");
    }
}
