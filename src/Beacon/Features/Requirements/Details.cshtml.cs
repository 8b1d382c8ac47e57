using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Requirements;

/// <summary>One requirement: its definition, each person it covers with status and why, and its exemptions.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class DetailsModel(BeaconDbContext db, RequirementViews views, CourseCatalog catalog, JurisdictionCatalog jurisdictions, TimeProvider time) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public Requirement Requirement { get; private set; } = null!;
    public string Who { get; private set; } = "";
    public string What { get; private set; } = "";
    public Mandate? Mandate { get; private set; }
    public IReadOnlyList<PersonRequirement> People { get; private set; } = [];
    public IReadOnlyList<ExemptionView> Exemptions { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var requirement = await db.Requirements.AsNoTracking().FirstOrDefaultAsync(r => r.Id == Id, cancellationToken);
        if (requirement is null)
        {
            return NotFound();
        }
        Requirement = requirement;
        Who = RequirementForm.DescribeWho(requirement, await IndexModel.SiteNamesAsync(db, cancellationToken));
        What = IndexModel.What(requirement, await IndexModel.CourseTitlesAsync(catalog, cancellationToken));
        Mandate = jurisdictions.Mandate(requirement.MandateId);
        var today = await views.TodayAsync(cancellationToken);
        People = await views.ForRequirementAsync(requirement, today, cancellationToken);
        Exemptions = await views.ExemptionsAsync(Id, null, cancellationToken);
        var ids = Exemptions.Select(e => e.StaffMemberId).Distinct().ToList();
        Names = await db.StaffMembers.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.FirstName + " " + s.LastName, cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostDeactivateAsync(CancellationToken cancellationToken) => SetActiveAsync(false, cancellationToken);

    public Task<IActionResult> OnPostReactivateAsync(CancellationToken cancellationToken) => SetActiveAsync(true, cancellationToken);

    private async Task<IActionResult> SetActiveAsync(bool active, CancellationToken cancellationToken)
    {
        var requirement = await db.Requirements.FirstOrDefaultAsync(r => r.Id == Id, cancellationToken);
        if (requirement is null)
        {
            return NotFound();
        }
        if (requirement.Active != active)
        {
            requirement.Active = active;
            requirement.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }
        TempData["Status"] = active ? $"“{requirement.Name}” is active again; due dates are back." : $"“{requirement.Name}” is deactivated; no one is due for it now.";
        return Redirect($"/practice/requirements/{Id}");
    }
}
