using System.Globalization;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Requirements;

/// <summary>
/// Exempts a person from a requirement (reason required, from a day, optionally until a day), and ends an
/// exemption early. Exemptions are never deleted; both changes are audited and statuses follow in the same save.
/// </summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class ExemptModel(BeaconDbContext db, TenantContext tenant, AuditActor actor, RequirementViews views, TimeProvider time) : FormPage
{
    public static readonly string[] FieldOrder = ["StaffMemberId", "Reason", "From", "Until"];

    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public ExemptionInput Input { get; set; } = new();

    public string RequirementName { get; private set; } = "";
    public IReadOnlyList<(Guid Id, string Name)> People { get; private set; } = [];

    public sealed class ExemptionInput
    {
        public Guid? StaffMemberId { get; set; }
        public string? Reason { get; set; }
        public string? From { get; set; }
        public string? Until { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid? staff, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }
        var today = await views.TodayAsync(cancellationToken);
        Input = new ExemptionInput { StaffMemberId = staff, From = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }
        if (Input.StaffMemberId is not { } staffId || People.All(p => p.Id != staffId))
        {
            ModelState.AddModelError("Input.StaffMemberId", "Person: choose someone this requirement covers.");
        }
        var reason = (Input.Reason ?? "").Trim();
        if (reason.Length == 0)
        {
            ModelState.AddModelError("Input.Reason", "Reason: say why the person is exempt; auditors read it.");
        }
        else if (reason.Length > 500)
        {
            ModelState.AddModelError("Input.Reason", "Reason: keep it to 500 characters or fewer.");
        }
        var fromOk = DateOnly.TryParseExact((Input.From ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from);
        if (!fromOk)
        {
            ModelState.AddModelError("Input.From", "From: enter the first day of the exemption, for example 2026-03-01.");
        }
        DateOnly? until = null;
        if (!string.IsNullOrWhiteSpace(Input.Until))
        {
            if (!DateOnly.TryParseExact(Input.Until.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
            {
                ModelState.AddModelError("Input.Until", "Until: enter the last day of the exemption, for example 2026-08-31, or leave it empty.");
            }
            else if (fromOk && last < from)
            {
                ModelState.AddModelError("Input.Until", "Until: the last day cannot be before the first day.");
            }
            else
            {
                until = last;
            }
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var exemption = new Exemption
        {
            PracticeId = tenant.PracticeId,
            RequirementId = Id,
            StaffMemberId = Input.StaffMemberId!.Value,
            From = from,
            Until = until,
            Reason = reason,
            CreatedByUserId = actor.UserId,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Exemptions.Add(exemption);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"{People.First(p => p.Id == exemption.StaffMemberId).Name} is exempt from “{RequirementName}”.";
        return Redirect($"/practice/requirements/{Id}");
    }

    /// <summary>Ends an exemption now: kept for the record with the time it ended.</summary>
    public async Task<IActionResult> OnPostEndAsync(Guid exemption, CancellationToken cancellationToken)
    {
        var row = await db.Exemptions.FirstOrDefaultAsync(e => e.Id == exemption && e.RequirementId == Id, cancellationToken);
        if (row is null)
        {
            return NotFound();
        }
        if (row.EndedAt is null)
        {
            row.EndedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }
        TempData["Status"] = "The exemption has ended; the person is due as usual.";
        return Redirect($"/practice/requirements/{Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var name = await db.Requirements.AsNoTracking().Where(r => r.Id == Id).Select(r => r.Name).FirstOrDefaultAsync(cancellationToken);
        if (name is null)
        {
            return false;
        }
        RequirementName = name;
        var people = await db.RequirementStatuses.AsNoTracking()
            .Where(s => s.RequirementId == Id && s.Applies)
            .Join(db.StaffMembers, s => s.StaffMemberId, p => p.Id, (s, p) => new { p.Id, p.FirstName, p.LastName })
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .ToListAsync(cancellationToken);
        People = [.. people.Select(p => (p.Id, p.FirstName + " " + p.LastName))];
        return true;
    }
}
