using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Practices;
using Beacon.Features.Roster;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Provider;

/// <summary>
/// Onboarding: the practice, its sites and the invitation of its first administrator, as one change. If
/// the invitation cannot be sent, no practice is left behind without anyone able to run it.
/// </summary>
[Authorize(Policy = Policies.ProviderAdmin)]
public sealed class NewPracticeModel(
    BeaconDbContext db,
    TenantContext tenant,
    InvitationService invitations,
    UserManager<AppUser> users,
    AuditLog audit,
    TimeProvider time) : PageModel
{
    public const int MaxSites = 200;

    [BindProperty]
    public PracticeInput Input { get; set; } = new();

    public string? Problem { get; private set; }

    public sealed class PracticeInput
    {
        public string? Name { get; set; }
        public string? StateCode { get; set; }
        public string? TimeZoneId { get; set; }
        public string? Sites { get; set; }
        public string? AdminName { get; set; }
        public string? AdminEmail { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var name = (Input.Name ?? "").Trim();
        var siteNames = (Input.Sites ?? "").Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        var adminName = (Input.AdminName ?? "").Trim();
        var adminEmail = (Input.AdminEmail ?? "").Trim().ToLowerInvariant();
        await ValidateAsync(name, siteNames, adminName, adminEmail, cancellationToken);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var practice = new Practice { Name = name, StateCode = Input.StateCode!, TimeZoneId = Input.TimeZoneId!, CreatedAt = now };
        db.Practices.Add(practice);
        db.Sites.AddRange(siteNames.Select(site => new Site { PracticeId = practice.Id, Name = site, CreatedAt = now }));
        // The practice's own chain records its rows; the installation's chain records that the provider onboarded it.
        audit.Record(Guid.Empty, "practice.created", "practice", practice.Id.ToString(), new { name, state = practice.StateCode, sites = siteNames.Count });
        await db.SaveChangesAsync(cancellationToken);

        // The invitation, its email and its audit entry belong to the practice: write them acting for it.
        InvitationService.Outcome outcome;
        tenant.ActForPractice(practice.Id);
        try
        {
            outcome = await invitations.InviteAsync(practice.Id, adminEmail, adminName, [Roles.PracticeAdmin, Roles.Learner], null, cancellationToken);
        }
        finally
        {
            tenant.ActAsSystem();
        }
        if (!outcome.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            Problem = $"The practice was not created, because the invitation could not be sent: {outcome.Error}";
            return Page();
        }
        await transaction.CommitAsync(cancellationToken);
        TempData["Status"] = $"{name} is set up with {siteNames.Count} {(siteNames.Count == 1 ? "site" : "sites")}. An invitation to run it was emailed to {adminEmail}.";
        return Redirect($"/provider/practices/{practice.Id}");
    }

    private async Task ValidateAsync(string name, List<string> siteNames, string adminName, string adminEmail, CancellationToken cancellationToken)
    {
        if (name.Length == 0)
        {
            ModelState.AddModelError("Input.Name", "Enter the practice's name.");
        }
        else if (name.Length > 200)
        {
            ModelState.AddModelError("Input.Name", "Keep the name under 200 characters.");
        }
        else if (await NameTakenAsync(name, cancellationToken))
        {
            ModelState.AddModelError("Input.Name", "A practice with this name already exists. Add the city or another detail to tell them apart.");
        }
        if (UsStates.All.All(s => s.Code != Input.StateCode))
        {
            ModelState.AddModelError("Input.StateCode", "Choose the state whose laws apply to the practice.");
        }
        if (UsTimeZones.Find(Input.TimeZoneId) is null)
        {
            ModelState.AddModelError("Input.TimeZoneId", "Choose the practice's time zone.");
        }

        var repeated = siteNames.GroupBy(s => s, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1)?.Key;
        var siteError = siteNames switch
        {
            [] => "Enter at least one site, one name per line.",
            { Count: > MaxSites } => $"Enter at most {MaxSites} sites here; the practice's administrator can add more later.",
            _ when siteNames.FirstOrDefault(s => s.Length > 200) is { } tooLong => $"Keep each site's name under 200 characters (\"{tooLong[..40]}…\" is longer).",
            _ when repeated is not null => $"The site \"{repeated}\" is listed twice. Each site needs its own name.",
            _ => null,
        };
        if (siteError is not null)
        {
            ModelState.AddModelError("Input.Sites", siteError);
        }

        if (adminName.Length == 0)
        {
            ModelState.AddModelError("Input.AdminName", "Enter the administrator's name.");
        }
        else if (adminName.Length > 200)
        {
            ModelState.AddModelError("Input.AdminName", "Keep the name under 200 characters.");
        }
        if (adminEmail.Length == 0 || adminEmail.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(adminEmail, out _))
        {
            ModelState.AddModelError("Input.AdminEmail", "Enter a valid email address, like name@example.com.");
        }
        else if (await users.FindByEmailAsync(adminEmail) is not null)
        {
            ModelState.AddModelError("Input.AdminEmail", "Someone already has a Beacon account with this email address. Each person has one account, in one practice.");
        }
    }

    private Task<bool> NameTakenAsync(string name, CancellationToken cancellationToken)
    {
        var pattern = TextSearch.Exactly(name);
        return db.Database.IsNpgsql()
            ? db.Practices.AnyAsync(p => EF.Functions.ILike(p.Name, pattern, TextSearch.Escape), cancellationToken)
            : db.Practices.AnyAsync(p => EF.Functions.Like(p.Name, pattern, TextSearch.Escape), cancellationToken);
    }
}
