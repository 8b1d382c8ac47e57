using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Learning;
using Beacon.Features.Operations;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.LiveSessions;

/// <summary>
/// Where a session's QR code leads. Opening it shows the session and one button; checking in is the POST,
/// so a link preview or a prefetch never records attendance. Opening a code counts as an attempt for the
/// rate limit, like typing one.
/// </summary>
[Authorize(Policy = Policies.PracticeMember)]
[EnableRateLimiting(RateLimits.CheckIn)]
public sealed class CheckInLinkPageModel(BeaconDbContext db, TenantContext tenant, CheckIns checkIns, Learners learners, TimeProvider time) : PageModel
{
    [FromRoute]
    public string Code { get; set; } = "";

    public SessionMatch? Session { get; private set; }
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;
    public string? Problem { get; private set; }
    public bool AlreadyPresent { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Clock = await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken);
        var learner = await learners.CurrentAsync(cancellationToken);
        var session = await checkIns.FindAsync(Code, cancellationToken);
        var refusal = learner is null ? CheckInOutcome.NotOnRoster
            : session is null ? CheckInOutcome.NotFound
            : CheckIns.Refusal(session, time.GetUtcNow().UtcDateTime);
        if (refusal is { } outcome)
        {
            Problem = CheckInMessages.For(new CheckInResult(outcome, session), Clock);
            return Page();
        }
        Session = session;
        AlreadyPresent = await db.Attendances.AnyAsync(a => a.SessionId == session!.Id && a.StaffMemberId == learner!.StaffMemberId, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await checkIns.CheckInAsync(Code, AttendanceMethod.QrLink, cancellationToken);
        if (result.Outcome is CheckInOutcome.CheckedIn or CheckInOutcome.AlreadyCheckedIn)
        {
            TempData["Status"] = result.Outcome == CheckInOutcome.CheckedIn
                ? $"You are checked in to {result.Session!.Title}."
                : $"You were already checked in to {result.Session!.Title}.";
            return Redirect($"/sessions/{result.Session.Id}/checked-in");
        }
        Clock = await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken);
        Problem = CheckInMessages.For(result, Clock);
        return Page();
    }
}
