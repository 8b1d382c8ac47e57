using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Roster;

/// <summary>Corrects a person's details. Active status changes through deactivate and reactivate, not here.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class EditModel(BeaconDbContext db, TimeProvider time) : PageModel, IStaffFormPage
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public StaffInput Input { get; set; } = new();

    public StaffFormChoices Choices { get; private set; } = new([], []);

    public string SubmitText => "Save changes";

    public string PersonName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var person = await db.StaffMembers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == Id, cancellationToken);
        if (person is null)
        {
            return NotFound();
        }
        PersonName = person.FullName;
        Choices = await StaffForm.LoadChoicesAsync(db, person, cancellationToken);
        var typedManager = Choices.ManagerIsTyped && person.ManagerId is { } managerId
            ? await db.StaffMembers.AsNoTracking().Where(s => s.Id == managerId).Select(s => s.EmployeeId ?? s.Email).FirstOrDefaultAsync(cancellationToken)
            : null;
        Input = StaffForm.ToInput(person, Choices, typedManager);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var person = await db.StaffMembers.FirstOrDefaultAsync(s => s.Id == Id, cancellationToken);
        if (person is null)
        {
            return NotFound();
        }
        PersonName = person.FullName;
        var values = await StaffForm.CheckAsync(Input, person, db, ModelState, cancellationToken);
        if (values is null || !ModelState.IsValid)
        {
            Choices = await StaffForm.LoadChoicesAsync(db, person, cancellationToken);
            return Page();
        }

        StaffForm.Apply(values, person);
        if (!db.ChangeTracker.HasChanges())
        {
            TempData["Status"] = "Nothing was changed.";
            return Redirect($"/roster/{person.Id}");
        }
        person.UpdatedAt = time.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            ModelState.AddModelError("", "Someone else changed the roster at the same moment. Check the details and save again.");
            db.ChangeTracker.Clear();
            Choices = await StaffForm.LoadChoicesAsync(db, person, cancellationToken);
            return Page();
        }
        TempData["Status"] = $"{person.FullName}'s details are saved.";
        return Redirect($"/roster/{person.Id}");
    }
}
