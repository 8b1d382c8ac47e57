using System.Security.Claims;
using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Reminders;

/// <summary>A learner's own reminder hour, within the practice's sending hours. Compliance reminders cannot be switched off.</summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class MyRemindersModel(BeaconDbContext db, TenantContext tenant, TimeProvider time) : PageModel
{
    [BindProperty]
    public int? PreferredHour { get; set; }

    public int EarliestHour { get; private set; }
    public int LatestHour { get; private set; }

    /// <summary>False for an account not linked to a roster record: there is nobody to remind.</summary>
    public bool OnRoster { get; private set; }

    private Guid? _staffMemberId;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (_staffMemberId is { } staffId)
        {
            PreferredHour = await db.ReminderPreferences.Where(p => p.StaffMemberId == staffId).Select(p => (int?)p.PreferredHour).FirstOrDefaultAsync(cancellationToken) ?? EarliestHour;
            PreferredHour = Math.Clamp(PreferredHour.Value, EarliestHour, LatestHour - 1);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        await LoadAsync(cancellationToken);
        if (_staffMemberId is not { } staffId)
        {
            return Page();
        }
        if (PreferredHour is not { } hour || hour < EarliestHour || hour >= LatestHour)
        {
            ModelState.AddModelError(nameof(PreferredHour), $"Choose an hour from {ReminderLadder.HourText(EarliestHour)} to {ReminderLadder.HourText(LatestHour - 1)}, the practice's sending hours.");
            return Page();
        }
        var preference = await db.ReminderPreferences.FirstOrDefaultAsync(p => p.StaffMemberId == staffId, cancellationToken);
        if (preference is null)
        {
            db.ReminderPreferences.Add(new ReminderPreference { PracticeId = tenant.PracticeId, StaffMemberId = staffId, PreferredHour = hour, UpdatedAt = time.GetUtcNow().UtcDateTime });
        }
        else
        {
            preference.PreferredHour = hour;
            preference.UpdatedAt = time.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"Reminders will arrive from {ReminderLadder.HourText(hour)}, practice time.";
        return Redirect("/account/reminders");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var settings = await db.ReminderSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? ReminderSettings.Defaults(tenant.PracticeId);
        EarliestHour = settings.EarliestHour;
        LatestHour = settings.LatestHour;
        var userId = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        _staffMemberId = await db.Users.Where(u => u.Id == userId && u.PracticeId == tenant.PracticeId).Select(u => u.StaffMemberId).FirstOrDefaultAsync(cancellationToken);
        // Only an active record of this practice counts (the query filter keeps it to the practice).
        if (_staffMemberId is { } id && !await db.StaffMembers.AnyAsync(s => s.Id == id, cancellationToken))
        {
            _staffMemberId = null;
        }
        OnRoster = _staffMemberId is not null;
    }
}
