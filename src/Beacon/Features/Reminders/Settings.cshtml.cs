using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Reminders;

/// <summary>The practice's reminder ladder, escalations, weekly digest day and sending hours (practice administrators).</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class SettingsModel(BeaconDbContext db, TenantContext tenant, TimeProvider time) : PageModel
{
    [BindProperty]
    public LadderInput Input { get; set; } = new();

    /// <summary>Fields in page order, for the error summary.</summary>
    public static IReadOnlyList<string> Fields { get; } = [nameof(LadderInput.BeforeDays), nameof(LadderInput.ManagerAfterDays), nameof(LadderInput.AdminAfterDays), nameof(LadderInput.EarliestHour), nameof(LadderInput.LatestHour)];

    public sealed class LadderInput
    {
        public string? BeforeDays { get; set; }
        public bool WeeklyWhileOverdue { get; set; } = true;
        public int? ManagerAfterDays { get; set; }
        public int? AdminAfterDays { get; set; }
        public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;
        public int? EarliestHour { get; set; }
        public int? LatestHour { get; set; }
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var settings = await db.ReminderSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? ReminderSettings.Defaults(tenant.PracticeId);
        var ladder = ReminderLadder.From(settings);
        Input = new LadderInput
        {
            BeforeDays = ReminderLadder.Format(ladder.BeforeDays),
            WeeklyWhileOverdue = settings.WeeklyWhileOverdue,
            ManagerAfterDays = settings.ManagerAfterDays,
            AdminAfterDays = settings.AdminAfterDays,
            DigestDay = settings.DigestDay,
            EarliestHour = settings.EarliestHour,
            LatestHour = settings.LatestHour,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (!ReminderLadder.TryParseDays(Input.BeforeDays, out var days, out var daysError))
        {
            ModelState.AddModelError("Input.BeforeDays", daysError!);
        }
        if (Input.ManagerAfterDays is not (>= 1 and <= 365))
        {
            ModelState.AddModelError("Input.ManagerAfterDays", "Enter the days overdue before the manager is told, from 1 to 365.");
        }
        if (Input.AdminAfterDays is not (>= 1 and <= 365))
        {
            ModelState.AddModelError("Input.AdminAfterDays", "Enter the days overdue before practice administrators are told, from 1 to 365.");
        }
        else if (Input.ManagerAfterDays is { } manager && Input.AdminAfterDays < manager)
        {
            ModelState.AddModelError("Input.AdminAfterDays", "Administrators are told after the manager: enter at least the manager's number of days.");
        }
        if (!Enum.IsDefined(Input.DigestDay))
        {
            ModelState.AddModelError("Input.DigestDay", "Choose the day of the weekly digest.");
        }
        if (Input.EarliestHour is not (>= 0 and <= 23))
        {
            ModelState.AddModelError("Input.EarliestHour", "Choose the earliest hour for reminders.");
        }
        if (Input.LatestHour is not (>= 1 and <= 24))
        {
            ModelState.AddModelError("Input.LatestHour", "Choose the latest hour for reminders.");
        }
        else if (Input.EarliestHour is { } earliest && Input.LatestHour <= earliest)
        {
            ModelState.AddModelError("Input.LatestHour", "The latest hour must be after the earliest hour.");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var settings = await db.ReminderSettings.FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = ReminderSettings.Defaults(tenant.PracticeId);
            db.ReminderSettings.Add(settings);
        }
        settings.BeforeDays = string.Join(",", days);
        settings.WeeklyWhileOverdue = Input.WeeklyWhileOverdue;
        settings.ManagerAfterDays = Input.ManagerAfterDays!.Value;
        settings.AdminAfterDays = Input.AdminAfterDays!.Value;
        settings.DigestDay = Input.DigestDay;
        settings.EarliestHour = Input.EarliestHour!.Value;
        settings.LatestHour = Input.LatestHour!.Value;
        settings.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = "Reminder settings saved. They apply from the next reminder scan.";
        return Redirect("/practice/reminders");
    }
}
