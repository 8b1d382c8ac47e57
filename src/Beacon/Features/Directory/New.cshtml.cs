using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.ReferralDirectory;

/// <summary>Adds one partner to the practice's referral directory.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class NewModel(BeaconDbContext db, TenantContext tenant, TimeProvider time, HandoutCatalog handout) : PageModel, IEntryFormPage
{
    public IReadOnlyDictionary<string, string> Values { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public string SubmitText => "Add to the directory";
    public string CancelUrl => "/practice/directory";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var today = await DirectoryForm.TodayAsync(db, tenant.PracticeId, time, cancellationToken);
        Values = new Dictionary<string, string>
        {
            ["lastVerified"] = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["capacity"] = "unknown",
            ["traumaInformed"] = "unknown",
            ["survivorLed"] = "unknown",
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var today = await DirectoryForm.TodayAsync(db, tenant.PracticeId, time, cancellationToken);
        var raw = DirectoryForm.Read(Request.Form, active: true);
        var result = await DirectoryForm.CheckAsync(db, null, raw, today, handout.ForbiddenWords, cancellationToken);
        if (!result.IsValid)
        {
            Values = raw.ToDictionary(p => p.Key, p => p.Value ?? "");
            Errors = result.Errors;
            return Page();
        }
        var now = time.GetUtcNow().UtcDateTime;
        var entry = new DirectoryEntry { PracticeId = tenant.PracticeId, CreatedAt = now, UpdatedAt = now };
        result.ApplyTo(entry);
        db.DirectoryEntries.Add(entry);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            Values = raw.ToDictionary(p => p.Key, p => p.Value ?? "");
            Errors = [new FieldError("", "Someone else changed the directory at the same moment. Check the details and save again.")];
            return Page();
        }
        TempData["Status"] = $"{entry.Name} is in the directory.";
        return Redirect("/practice/directory");
    }
}
