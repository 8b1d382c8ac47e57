using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.LiveSessions;

/// <summary>
/// The printable sign-in sheet: the session's site's active staff (everyone when the session has no site)
/// with blank signature and time columns, and blank rows for people who walk in.
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class SignInSheetModel(BeaconDbContext db, TenantContext tenant, CourseCatalog catalog) : PageModel
{
    public const int WalkInRows = 10;

    [FromRoute]
    public Guid Id { get; set; }

    public SessionDetails Details { get; private set; } = null!;
    public IReadOnlyList<SheetRow> Staff { get; private set; } = [];

    public sealed record SheetRow(string Name, string JobRole, string? EmployeeId);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await SessionDetails.LoadAsync(db, tenant, catalog, Id, cancellationToken) is not { } details)
        {
            return NotFound();
        }
        Details = details;
        var staff = db.StaffMembers.AsNoTracking().Where(s => s.Active);
        if (details.Session.SiteId is { } siteId)
        {
            staff = staff.Where(s => s.SiteId == siteId);
        }
        Staff = await staff
            .OrderBy(s => s.LastName).ThenBy(s => s.FirstName).ThenBy(s => s.Id)
            .Select(s => new SheetRow(s.LastName + ", " + s.FirstName, s.JobRole, s.EmployeeId))
            .ToListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        await db.LiveSessions.AnyAsync(s => s.Id == Id, cancellationToken) ? BadRequest() : NotFound();
}
