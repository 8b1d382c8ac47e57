using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Operations;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Beacon.Features.LiveSessions;

/// <summary>
/// A learner checks in to the live session they are in by typing the code on the screen. The code is
/// looked up in the learner's own practice only, and works from 15 minutes before the session starts until
/// 15 minutes after it ends. Attempts are rate-limited per person.
/// </summary>
[Authorize(Policy = Policies.PracticeMember)]
[EnableRateLimiting(RateLimits.CheckIn)]
public sealed class CheckInModel(BeaconDbContext db, TenantContext tenant, CheckIns checkIns) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Code))
        {
            Problem = "Enter the six-character code shown by the instructor.";
            return Page();
        }
        var result = await checkIns.CheckInAsync(Code, AttendanceMethod.Code, cancellationToken);
        if (result.Outcome is CheckInOutcome.CheckedIn or CheckInOutcome.AlreadyCheckedIn)
        {
            TempData["Status"] = result.Outcome == CheckInOutcome.CheckedIn
                ? $"You are checked in to {result.Session!.Title}."
                : $"You were already checked in to {result.Session!.Title}.";
            return Redirect($"/sessions/{result.Session.Id}/checked-in");
        }
        Problem = CheckInMessages.For(result, await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken));
        return Page();
    }
}
