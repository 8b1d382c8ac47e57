using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Roster;

/// <summary>Someone who came back: active again, with the history they had.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class ReactivateModel(BeaconDbContext db, TimeProvider time) : PageModel
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
        if (person.Active)
        {
            TempData["Status"] = $"{person.FullName} was already active.";
            return Redirect($"/roster/{Id}");
        }
        person.Active = true;
        person.DeactivatedAt = null;
        person.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"{person.FullName} is active again.";
        return Redirect($"/roster/{Id}");
    }
}
