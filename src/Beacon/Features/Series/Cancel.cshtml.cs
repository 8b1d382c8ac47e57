using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Features.Series;

/// <summary>
/// Cancels one occurrence (an EXDATE in the series' calendar). Bookings are kept as history; everyone booked,
/// wait-listed or invited gets a METHOD:CANCEL message with the next SEQUENCE.
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class CancelModel(BeaconDbContext db, TenantContext tenant, SeriesService series, TimeProvider time) : OccurrencePageModel(db, tenant, time)
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
        var told = await series.CancelOccurrenceAsync(Session, Series, reason, cancellationToken);
        TempData["Status"] = $"The session of {Clock.Format(Session.StartsAt)} is cancelled. {told} {(told == 1 ? "person was" : "people were")} told by email.";
        return Redirect($"/series/{Series.Id}");
    }
}
