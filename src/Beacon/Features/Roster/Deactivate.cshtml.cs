using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Roster;

/// <summary>A leaver: the person stays on the roster (with their history) but is no longer active.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class DeactivateModel(BeaconDbContext db, TenantContext tenant, Audit.AuditLog audit, TimeProvider time) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public string PersonName { get; private set; } = "";
    public bool Active { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var person = await db.StaffMembers.AsNoTracking().Where(s => s.Id == Id).Select(s => new { s.FirstName, s.LastName, s.Active }).FirstOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return NotFound();
        }
        PersonName = $"{person.FirstName} {person.LastName}";
        Active = person.Active;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var person = await db.StaffMembers.FirstOrDefaultAsync(s => s.Id == Id, cancellationToken);
        if (person is null)
        {
            return NotFound();
        }
        if (!person.Active)
        {
            TempData["Status"] = $"{person.FullName} was already inactive.";
            return Redirect($"/roster/{Id}");
        }
        var now = time.GetUtcNow().UtcDateTime;
        person.Active = false;
        person.DeactivatedAt = now;
        person.UpdatedAt = now;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var accounts = await LeaverAccess.EndAsync(db, audit, tenant.PracticeId, [person.Id], now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        TempData["Status"] = $"{person.FullName} is deactivated. Their record and training history are kept." +
            (accounts > 0 ? " Their Beacon sign-in is disabled and any open session has ended." : "");
        return Redirect($"/roster/{Id}");
    }
}
