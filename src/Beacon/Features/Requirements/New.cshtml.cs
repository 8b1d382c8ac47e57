using System.Globalization;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Requirements;

/// <summary>Adds a requirement; statuses for everyone it covers are computed in the same save.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class NewModel(BeaconDbContext db, TenantContext tenant, CourseCatalog catalog, RequirementViews views, TimeProvider time) : RequirementFormPage(db, catalog)
{
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadChoicesAsync(cancellationToken);
        var today = await views.TodayAsync(cancellationToken);
        Input = new RequirementInput
        {
            CourseId = Courses.Count > 0 ? Courses[0].Id : null,
            Track = "",
            StartsOn = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        await LoadChoicesAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var requirement = new Requirement { PracticeId = tenant.PracticeId, Name = "", CourseId = "", CreatedAt = now, UpdatedAt = now };
        if (!RequirementForm.TryApply(Input, requirement, Courses, [.. Sites.Select(s => s.Id)], ModelState))
        {
            return Page();
        }
        if (await Db.Requirements.AnyAsync(r => r.Name == requirement.Name, cancellationToken))
        {
            ModelState.AddModelError("Input.Name", "Name: the practice already has a requirement with this name; choose another.");
            return Page();
        }
        Db.Requirements.Add(requirement);
        await Db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"Requirement “{requirement.Name}” added.";
        return Redirect($"/practice/requirements/{requirement.Id}");
    }
}
