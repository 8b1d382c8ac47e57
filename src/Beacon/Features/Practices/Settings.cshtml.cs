using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Roster;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Practices;

/// <summary>
/// The practice's own details (name, the state whose laws apply, time zone, two-step sign-in for
/// administrators) and its sites. Practice and Site rows are audited, so saving them is enough.
/// </summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class SettingsModel(BeaconDbContext db, TenantContext tenant, TimeProvider time) : PageModel
{
    // Two forms on one page: each handler checks only its own fields, so neither uses data annotations.
    [BindProperty]
    public DetailsInput Details { get; set; } = new();

    [BindProperty]
    public string? NewSiteName { get; set; }

    public IReadOnlyList<SiteRow> Sites { get; private set; } = [];
    public string CurrentTimeZoneId { get; private set; } = "";

    public sealed class DetailsInput
    {
        public string? Name { get; set; }
        public string? StateCode { get; set; }
        public string? TimeZoneId { get; set; }
        public bool RequireAdminMfa { get; set; }
    }

    public sealed record SiteRow(Guid Id, string Name, bool Active, int ActiveStaff);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var practice = await db.Practices.AsNoTracking().FirstAsync(p => p.Id == tenant.PracticeId, cancellationToken);
        Details = new DetailsInput
        {
            Name = practice.Name,
            StateCode = practice.StateCode,
            TimeZoneId = practice.TimeZoneId,
            RequireAdminMfa = practice.RequireAdminMfa,
        };
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>A post that names no form of this page (or one it does not have) is a bad request, not a blank page.</summary>
    public IActionResult OnPost() => BadRequest();

    public async Task<IActionResult> OnPostDetailsAsync(CancellationToken cancellationToken)
    {
        var practice = await db.Practices.FirstAsync(p => p.Id == tenant.PracticeId, cancellationToken);
        var name = (Details.Name ?? "").Trim();
        if (name.Length == 0)
        {
            ModelState.AddModelError("Details.Name", "Enter the practice's name.");
        }
        else if (name.Length > 200)
        {
            ModelState.AddModelError("Details.Name", "Keep the name under 200 characters.");
        }
        if (UsStates.All.All(s => s.Code != Details.StateCode))
        {
            ModelState.AddModelError("Details.StateCode", "Choose the state whose laws apply to the practice.");
        }
        // A zone set outside this list (by the provider, or an older install) stays valid until changed.
        var zone = Details.TimeZoneId ?? "";
        if (UsTimeZones.Find(zone) is null && zone != practice.TimeZoneId)
        {
            ModelState.AddModelError("Details.TimeZoneId", "Choose a time zone from the list.");
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var mfaNewlyRequired = Details.RequireAdminMfa && !practice.RequireAdminMfa;
        practice.Name = name;
        practice.StateCode = Details.StateCode!;
        practice.TimeZoneId = zone;
        practice.RequireAdminMfa = Details.RequireAdminMfa;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = mfaNewlyRequired
            ? "Practice settings saved. Practice administrators without two-step sign-in will be asked to set it up before they continue."
            : "Practice settings saved.";
        return Redirect("/practice/settings");
    }

    public async Task<IActionResult> OnPostAddSiteAsync(CancellationToken cancellationToken)
    {
        var name = (NewSiteName ?? "").Trim();
        var error = await SiteNames.CheckAsync(db, name, exceptSiteId: null, cancellationToken);
        if (error is not null)
        {
            ModelState.AddModelError(nameof(NewSiteName), error);
            await LoadCurrentDetailsAsync(cancellationToken);
            await LoadAsync(cancellationToken);
            return Page();
        }

        db.Sites.Add(new Site { PracticeId = tenant.PracticeId, Name = name, CreatedAt = time.GetUtcNow().UtcDateTime });
        if (!await SiteNames.TrySaveAsync(db, cancellationToken))
        {
            ModelState.AddModelError(nameof(NewSiteName), SiteNames.Duplicate(name));
            await LoadCurrentDetailsAsync(cancellationToken);
            await LoadAsync(cancellationToken);
            return Page();
        }
        TempData["Status"] = $"Site \"{name}\" added. You can now place staff there on the roster.";
        return Redirect("/practice/settings");
    }

    private async Task LoadCurrentDetailsAsync(CancellationToken cancellationToken)
    {
        var practice = await db.Practices.AsNoTracking().FirstAsync(p => p.Id == tenant.PracticeId, cancellationToken);
        Details = new DetailsInput { Name = practice.Name, StateCode = practice.StateCode, TimeZoneId = practice.TimeZoneId, RequireAdminMfa = practice.RequireAdminMfa };
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        CurrentTimeZoneId = await db.Practices.Where(p => p.Id == tenant.PracticeId).Select(p => p.TimeZoneId).FirstAsync(cancellationToken);
        Sites = await db.Sites.AsNoTracking()
            .OrderByDescending(s => s.Active).ThenBy(s => s.Name)
            .Select(s => new SiteRow(s.Id, s.Name, s.Active, db.StaffMembers.Count(m => m.SiteId == s.Id && m.Active)))
            .ToListAsync(cancellationToken);
    }
}
