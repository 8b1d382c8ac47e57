using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Roster;

/// <summary>Adds one person to the roster.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class NewModel(BeaconDbContext db, TenantContext tenant, TimeProvider time) : PageModel, IStaffFormPage
{
    [BindProperty]
    public StaffInput Input { get; set; } = new();

    public StaffFormChoices Choices { get; private set; } = new([], []);

    public string SubmitText => "Add to roster";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Choices = await StaffForm.LoadChoicesAsync(db, null, cancellationToken);
        // One open site is the usual case for a small practice: choose it for them.
        if (Choices.Sites.Count == 1)
        {
            Input.SiteId = Guid.Parse(Choices.Sites[0].Value);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Type errors from binding (a date that is not a date) come first; the form's own checks add the rest.
        var values = await StaffForm.CheckAsync(Input, null, db, ModelState, cancellationToken);
        if (values is null || !ModelState.IsValid)
        {
            Choices = await StaffForm.LoadChoicesAsync(db, null, cancellationToken);
            return Page();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var person = new StaffMember
        {
            PracticeId = tenant.PracticeId,
            FirstName = values.FirstName,
            LastName = values.LastName,
            Email = values.Email,
            JobRole = values.JobRole,
            CreatedAt = now,
            UpdatedAt = now,
        };
        StaffForm.Apply(values, person);
        db.StaffMembers.Add(person);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone else took the email or employee ID between the check and the save.
            ModelState.AddModelError("", "Someone else changed the roster at the same moment. Check the details and save again.");
            db.ChangeTracker.Clear();
            Choices = await StaffForm.LoadChoicesAsync(db, null, cancellationToken);
            return Page();
        }
        TempData["Status"] = $"{person.FullName} is on the roster.";
        return Redirect($"/roster/{person.Id}");
    }
}
