using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Requirements;

/// <summary>Edits every field of a requirement; statuses follow in the same save.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class EditModel(BeaconDbContext db, CourseCatalog catalog, TimeProvider time) : RequirementFormPage(db, catalog)
{
    [FromRoute]
    public Guid Id { get; set; }

    public string CurrentName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var requirement = await Db.Requirements.AsNoTracking().FirstOrDefaultAsync(r => r.Id == Id, cancellationToken);
        if (requirement is null)
        {
            return NotFound();
        }
        CurrentName = requirement.Name;
        await LoadChoicesAsync(cancellationToken);
        Input = RequirementInput.From(requirement);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var requirement = await Db.Requirements.FirstOrDefaultAsync(r => r.Id == Id, cancellationToken);
        if (requirement is null)
        {
            return NotFound();
        }
        CurrentName = requirement.Name;
        await LoadChoicesAsync(cancellationToken);
        if (!RequirementForm.TryApply(Input, requirement, Courses, [.. Sites.Select(s => s.Id)], ModelState))
        {
            return Page();
        }
        if (await Db.Requirements.AnyAsync(r => r.Id != Id && r.Name == requirement.Name, cancellationToken))
        {
            ModelState.AddModelError("Input.Name", "Name: the practice already has a requirement with this name; choose another.");
            return Page();
        }
        requirement.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await Db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"Requirement “{requirement.Name}” saved.";
        return Redirect($"/practice/requirements/{requirement.Id}");
    }
}
