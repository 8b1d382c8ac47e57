using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Practices;

/// <summary>
/// One site: rename, deactivate, reactivate. A site is never deleted (staff history points at it), and it is
/// deactivated only once nobody active works there, so no one is left at a site that no longer exists.
/// </summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class SiteModel(BeaconDbContext db) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    public SiteView Site { get; private set; } = null!;

    public string? Problem { get; private set; }

    public sealed record SiteView(Guid Id, string Name, bool Active, int ActiveStaff, int ActiveSites);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Name = Site.Name;
        return Page();
    }

    /// <summary>A post that names no form of this page is a bad request; for an id that is not the practice's it is, as ever, not found.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Sites.AnyAsync(s => s.Id == id, cancellationToken) ? BadRequest() : NotFound();

    public async Task<IActionResult> OnPostRenameAsync(Guid id, CancellationToken cancellationToken)
    {
        // The tenant query filter makes another practice's site simply not there.
        var site = await db.Sites.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (site is null)
        {
            return NotFound();
        }
        var name = (Name ?? "").Trim();
        var error = await SiteNames.CheckAsync(db, name, site.Id, cancellationToken);
        if (error is null && name != site.Name)
        {
            site.Name = name;
            if (!await SiteNames.TrySaveAsync(db, cancellationToken))
            {
                error = SiteNames.Duplicate(name);
            }
        }
        if (error is not null)
        {
            ModelState.AddModelError(nameof(Name), error);
            await LoadAsync(id, cancellationToken);
            return Page();
        }
        TempData["Status"] = $"The site is now called \"{name}\".";
        return Redirect($"/practice/sites/{id}");
    }

    public async Task<IActionResult> OnPostDeactivateAsync(Guid id, CancellationToken cancellationToken)
    {
        var site = await db.Sites.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (site is null)
        {
            return NotFound();
        }
        if (!site.Active)
        {
            TempData["Status"] = $"\"{site.Name}\" was already deactivated.";
            return Redirect($"/practice/sites/{id}");
        }
        var activeStaff = await db.StaffMembers.CountAsync(s => s.SiteId == id && s.Active, cancellationToken);
        var otherActiveSites = await db.Sites.CountAsync(s => s.Id != id && s.Active, cancellationToken);
        Problem = (activeStaff, otherActiveSites) switch
        {
            ( > 0, _) => StaffStillThere(activeStaff),
            (_, 0) => "This is the practice's only active site. Add another site before deactivating this one.",
            _ => null,
        };
        if (Problem is not null)
        {
            await LoadAsync(id, cancellationToken);
            return Page();
        }
        site.Active = false;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"\"{site.Name}\" is deactivated. Its staff history is kept, and you can reactivate it at any time.";
        return Redirect($"/practice/sites/{id}");
    }

    public async Task<IActionResult> OnPostReactivateAsync(Guid id, CancellationToken cancellationToken)
    {
        var site = await db.Sites.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (site is null)
        {
            return NotFound();
        }
        if (!site.Active)
        {
            site.Active = true;
            await db.SaveChangesAsync(cancellationToken);
        }
        TempData["Status"] = $"\"{site.Name}\" is active again.";
        return Redirect($"/practice/sites/{id}");
    }

    public static string StaffStillThere(int activeStaff) => activeStaff == 1
        ? "1 active staff member works at this site. Move them to another site on the roster first, then deactivate the site."
        : $"{activeStaff} active staff members work at this site. Move them to another site on the roster first, then deactivate the site.";

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var site = await db.Sites.AsNoTracking()
            .Where(s => s.Id == id)
            .Select(s => new SiteView(
                s.Id,
                s.Name,
                s.Active,
                db.StaffMembers.Count(m => m.SiteId == s.Id && m.Active),
                db.Sites.Count(x => x.Active)))
            .FirstOrDefaultAsync(cancellationToken);
        if (site is null)
        {
            return false;
        }
        Site = site;
        return true;
    }
}
