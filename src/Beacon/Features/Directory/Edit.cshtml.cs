using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.ReferralDirectory;

/// <summary>Edits, retires or brings back one of the practice's referral partners.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
[RefuseUnknownHandlers]
public sealed class EditModel(BeaconDbContext db, TenantContext tenant, TimeProvider time, HandoutCatalog handout) : PageModel, IEntryFormPage
{
    public IReadOnlyDictionary<string, string> Values { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public string SubmitText => "Save changes";
    public string CancelUrl => "/practice/directory";
    public string Name { get; private set; } = "";
    public bool Active { get; private set; }
    public bool PastReview { get; private set; }
    public string ReviewDate { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var entry = await db.DirectoryEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is null)
        {
            return NotFound();
        }
        await ShowAsync(entry, cancellationToken);
        Values = DirectoryFields.ValuesOf(entry);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var entry = await db.DirectoryEntries.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is null)
        {
            return NotFound();
        }
        var today = await DirectoryForm.TodayAsync(db, tenant.PracticeId, time, cancellationToken);
        var raw = DirectoryForm.Read(Request.Form, entry.Active);
        var result = await DirectoryForm.CheckAsync(db, entry.Id, raw, today, handout.ForbiddenWords, cancellationToken);
        if (!result.IsValid)
        {
            await ShowAsync(entry, cancellationToken);
            Values = raw.ToDictionary(p => p.Key, p => p.Value ?? "");
            Errors = result.Errors;
            return Page();
        }
        result.ApplyTo(entry);
        if (db.Entry(entry).State == EntityState.Modified)
        {
            entry.UpdatedAt = time.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"{entry.Name} is saved.";
        return Redirect("/practice/directory");
    }

    public Task<IActionResult> OnPostRetireAsync(Guid id, CancellationToken cancellationToken) => SetActiveAsync(id, false, cancellationToken);

    public Task<IActionResult> OnPostReactivateAsync(Guid id, CancellationToken cancellationToken) => SetActiveAsync(id, true, cancellationToken);

    private async Task<IActionResult> SetActiveAsync(Guid id, bool active, CancellationToken cancellationToken)
    {
        var entry = await db.DirectoryEntries.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is null)
        {
            return NotFound();
        }
        if (entry.Active != active)
        {
            entry.Active = active;
            if (active && entry.OnPatientCard && await db.DirectoryEntries.CountAsync(e => e.Id != id && e.Active && e.OnPatientCard, cancellationToken) >= DirectoryFields.MaxOnPatientCard)
            {
                // The card is full: the entry comes back without its place on it.
                entry.OnPatientCard = false;
            }
            entry.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }
        TempData["Status"] = active ? $"{entry.Name} is back in the directory." : $"{entry.Name} is retired: staff no longer see it.";
        return Redirect("/practice/directory");
    }

    private async Task ShowAsync(DirectoryEntry entry, CancellationToken cancellationToken)
    {
        Name = entry.Name;
        Active = entry.Active;
        ReviewDate = entry.NextReview.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        PastReview = entry.Active && entry.NextReview < await DirectoryForm.TodayAsync(db, tenant.PracticeId, time, cancellationToken);
    }
}
