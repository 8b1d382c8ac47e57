using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.LiveSessions;

/// <summary>
/// Takes someone off a session's attendance (marked by mistake, or checked in and left). Not once a
/// completion rests on it: that attendance is the evidence behind a certificate. Attendance rows are
/// audited, so the removal is in the practice's audit log with who did it.
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class RemoveAttendanceModel(BeaconDbContext db) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [FromRoute]
    public Guid AttendanceId { get; set; }

    public string SessionTitle { get; private set; } = "";
    public string PersonName { get; private set; } = "";
    public bool Completed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var attendance = await LoadAsync(cancellationToken);
        if (attendance is null)
        {
            return NotFound();
        }
        if (Completed)
        {
            return Page();
        }
        db.Attendances.Remove(attendance);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"{PersonName} is no longer on the attendance list.";
        return Redirect($"/sessions/{Id}");
    }

    private async Task<Attendance?> LoadAsync(CancellationToken cancellationToken)
    {
        var attendance = await db.Attendances.FirstOrDefaultAsync(a => a.Id == AttendanceId && a.SessionId == Id, cancellationToken);
        if (attendance is null)
        {
            return null;
        }
        SessionTitle = await db.LiveSessions.Where(s => s.Id == Id).Select(s => s.Title).FirstAsync(cancellationToken);
        PersonName = await db.StaffMembers.Where(s => s.Id == attendance.StaffMemberId).Select(s => s.FirstName + " " + s.LastName).FirstAsync(cancellationToken);
        Completed = await db.Completions.AnyAsync(c => c.SessionId == Id && c.StaffMemberId == attendance.StaffMemberId, cancellationToken);
        return attendance;
    }
}
