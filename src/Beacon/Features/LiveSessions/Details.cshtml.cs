using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Courses;
using Beacon.Features.Operations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Features.LiveSessions;

/// <summary>
/// One session for its instructor: the details, the check-in code (large, with its QR code, for the room),
/// who is present and how they got there, each person's post-test, and marking someone present by hand.
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class DetailsModel(
    BeaconDbContext db, TenantContext tenant, CourseCatalog catalog, CheckIns checkIns, AuditActor actor, TimeProvider time, IOptions<SecurityOptions> security) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    /// <summary>Roster search for marking someone present.</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public SessionDetails Details { get; private set; } = null!;
    public string Link { get; private set; } = "";
    public string QrCode { get; private set; } = "";
    public IReadOnlyList<AttendeeRow> Attendees { get; private set; } = [];
    public IReadOnlyList<StaffMatch> Matches { get; private set; } = [];
    public DateTime Now { get; private set; }

    public SessionSummary Session => Details.Session;
    public bool CheckInOpen => !Session.Cancelled && Now >= Session.OpensAt && Now <= Session.ClosesAt;
    public bool CanMarkPresent => !Session.Cancelled && Now >= Session.OpensAt;
    public bool CanCancel => !Session.Cancelled && Now < Session.EndsAt;

    public sealed record AttendeeRow(Guid AttendanceId, Guid StaffMemberId, string Name, string JobRole, AttendanceMethod Method, DateTime CheckedInAt, PostTestStatus PostTest);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }
        Matches = CanMarkPresent ? await StaffSearch.FindAsync(db, Id, Query, cancellationToken) : [];
        return Page();
    }

    /// <summary>A post that names no form of this page is a bad request; for a session that is not the practice's, not found.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        await db.LiveSessions.AnyAsync(s => s.Id == Id, cancellationToken) ? BadRequest() : NotFound();

    public async Task<IActionResult> OnPostMarkPresentAsync(Guid staffMemberId, CancellationToken cancellationToken)
    {
        var session = await db.LiveSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == Id, cancellationToken);
        if (session is null)
        {
            return NotFound();
        }
        var back = QueryHelpers.AddQueryString($"/sessions/{Id}", "q", Query ?? "");
        var now = time.GetUtcNow().UtcDateTime;
        var person = await db.StaffMembers.AsNoTracking().Where(s => s.Id == staffMemberId && s.Active)
            .Select(s => s.FirstName + " " + s.LastName).FirstOrDefaultAsync(cancellationToken);
        if (session.CancelledAt is not null)
        {
            TempData["Problem"] = "This session was cancelled, so nobody can be marked present.";
        }
        else if (now < CheckInCodes.OpensAt(session))
        {
            TempData["Problem"] = "Attendance can be recorded once check-in opens, 15 minutes before the session starts.";
        }
        else if (person is null)
        {
            TempData["Problem"] = "That person is not an active member of the practice's roster.";
        }
        else if (await checkIns.MarkPresentAsync(Id, staffMemberId, AttendanceMethod.Manual, actor.UserId, cancellationToken))
        {
            TempData["Status"] = $"{person} is marked present.";
        }
        else
        {
            TempData["Status"] = $"{person} was already present.";
        }
        return Redirect(back);
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (await SessionDetails.LoadAsync(db, tenant, catalog, Id, cancellationToken) is not { } details)
        {
            return false;
        }
        Details = details;
        Now = time.GetUtcNow().UtcDateTime;
        Link = CheckInLink.For(security.Value, Session.CheckInCode);
        QrCode = CheckInLink.QrDataUri(Link);
        var statuses = await PostTestStatus.ForSessionAsync(db, Id, cancellationToken);
        var rows = await db.Attendances.AsNoTracking()
            .Where(a => a.SessionId == Id)
            .Join(db.StaffMembers, a => a.StaffMemberId, s => s.Id, (a, s) => new { a.Id, a.StaffMemberId, s.FirstName, s.LastName, s.JobRole, a.Method, a.CheckedInAt })
            .OrderBy(x => x.LastName).ThenBy(x => x.FirstName).ThenBy(x => x.Id)
            .ToListAsync(cancellationToken);
        Attendees = [.. rows.Select(r => new AttendeeRow(r.Id, r.StaffMemberId, $"{r.FirstName} {r.LastName}", r.JobRole, r.Method, r.CheckedInAt,
            statuses.GetValueOrDefault(r.StaffMemberId, PostTestStatus.NotStarted)))];
        return true;
    }
}
