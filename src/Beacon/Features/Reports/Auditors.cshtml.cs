using System.Globalization;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Reports;

/// <summary>
/// Outside auditors: a practice administrator grants a read-only login limited to reports (the Auditor role,
/// no roster record) until a chosen day at most a year ahead, by the usual emailed invitation; the list shows
/// each grant with revoke and extend. Access ends at the end of the chosen day in the practice's time zone.
/// </summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class AuditorsModel(BeaconDbContext db, TenantContext tenant, InvitationService invitations, AuditLog audit, TimeProvider time) : PageModel
{
    public const int MaxDaysAhead = 366;

    [BindProperty]
    public GrantInput Grant { get; set; } = new();

    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;
    public DateOnly Today { get; private set; }
    public IReadOnlyList<AuditorRow> Auditors { get; private set; } = [];
    public string? GrantError { get; private set; }

    public sealed class GrantInput
    {
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? Until { get; set; }
    }

    /// <summary>An auditor's account or an invitation not yet accepted.</summary>
    public sealed record AuditorRow(Guid Id, bool Invitation, string Name, string Email, DateTime AccessUntil, bool Expired);

    public DateOnly LatestUntil => Today.AddDays(MaxDaysAhead - 1);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public IActionResult OnPost() => BadRequest();

    public async Task<IActionResult> OnPostGrantAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var name = (Grant.Name ?? "").Trim();
        var email = (Grant.Email ?? "").Trim().ToLowerInvariant();
        if (name.Length == 0)
        {
            ModelState.AddModelError("Grant.Name", "Enter the auditor's name.");
        }
        else if (name.Length > 200)
        {
            ModelState.AddModelError("Grant.Name", "Keep the name under 200 characters.");
        }
        if (email.Length == 0)
        {
            ModelState.AddModelError("Grant.Email", "Enter the email address the invitation should go to.");
        }
        else if (email.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            ModelState.AddModelError("Grant.Email", "Enter a valid email address, like name@example.com.");
        }
        var until = ParseUntil(Grant.Until, "Grant.Until");
        if (!ModelState.IsValid || until is null)
        {
            return Page();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcome = await invitations.InviteAsync(tenant.PracticeId, email, name, [Roles.Auditor], null, cancellationToken, EndOf(until.Value));
        if (!outcome.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            GrantError = outcome.Error;
            return Page();
        }
        await transaction.CommitAsync(cancellationToken);
        TempData["Status"] = $"Invitation sent to {email}. The auditor can see reports until the end of {until:yyyy-MM-dd}.";
        return Redirect("/practice/auditors");
    }

    public async Task<IActionResult> OnPostExtendAsync(Guid id, string? until, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var row = Auditors.FirstOrDefault(a => a.Id == id);
        if (row is null)
        {
            return NotFound();
        }
        var day = ParseUntil(until, "until-" + id);
        if (day is null)
        {
            return Page();
        }
        var end = EndOf(day.Value);
        if (row.Invitation)
        {
            await db.Invitations.Where(i => i.Id == id && i.PracticeId == tenant.PracticeId)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.AccessExpiresAt, end), cancellationToken);
        }
        else
        {
            await db.Users.Where(u => u.Id == id && u.PracticeId == tenant.PracticeId)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.AccessExpiresAt, end), cancellationToken);
        }
        audit.Record(tenant.PracticeId, "auditor.extended", row.Invitation ? "invitation" : "account", id.ToString(), new { email = row.Email, until = day.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"{row.Name} can see reports until the end of {day:yyyy-MM-dd}.";
        return Redirect("/practice/auditors");
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var row = Auditors.FirstOrDefault(a => a.Id == id);
        if (row is null)
        {
            return NotFound();
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (row.Invitation)
        {
            await db.Invitations.Where(i => i.Id == id && i.PracticeId == tenant.PracticeId)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.RevokedAt, now), cancellationToken);
        }
        else
        {
            // Access ends now, and so does every open session of the account.
            await db.Users.Where(u => u.Id == id && u.PracticeId == tenant.PracticeId)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.AccessExpiresAt, now), cancellationToken);
            await db.UserSessions.Where(s => s.UserId == id && s.EndedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, "access-revoked"), cancellationToken);
        }
        audit.Record(tenant.PracticeId, "auditor.revoked", row.Invitation ? "invitation" : "account", id.ToString(), new { email = row.Email });
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"{row.Name}'s access has ended.";
        return Redirect("/practice/auditors");
    }

    /// <summary>Access runs to the end of the chosen day where the practice is.</summary>
    private DateTime EndOf(DateOnly day) => Clock.StartOfDayUtc(day.AddDays(1));

    private DateOnly? ParseUntil(string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            ModelState.AddModelError(key, "Enter the last day the auditor may sign in.");
            return null;
        }
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            ModelState.AddModelError(key, "Enter the date as year-month-day, for example 2026-06-30.");
            return null;
        }
        if (day < Today || day > LatestUntil)
        {
            ModelState.AddModelError(key, $"Choose a day from today ({Today:yyyy-MM-dd}) to {LatestUntil:yyyy-MM-dd}: auditor access lasts at most a year.");
            return null;
        }
        return day;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var practiceId = tenant.PracticeId;
        var now = time.GetUtcNow().UtcDateTime;
        Clock = await PracticeClock.ForPracticeAsync(db, practiceId, cancellationToken);
        Today = Clock.Today(time);
        var auditorRole = await db.Roles.Where(r => r.Name == Roles.Auditor).Select(r => r.Id).FirstAsync(cancellationToken);
        var accounts = await db.Users.AsNoTracking()
            .Where(u => u.PracticeId == practiceId && u.AccessExpiresAt != null && db.UserRoles.Any(l => l.UserId == u.Id && l.RoleId == auditorRole))
            .OrderBy(u => u.DisplayName)
            .Select(u => new AuditorRow(u.Id, false, u.DisplayName, u.Email ?? "", u.AccessExpiresAt!.Value, u.AccessExpiresAt <= now))
            .ToListAsync(cancellationToken);
        var invited = await db.Invitations.AsNoTracking()
            .Where(i => i.PracticeId == practiceId && i.AccessExpiresAt != null && i.AcceptedAt == null && i.RevokedAt == null)
            .OrderBy(i => i.DisplayName)
            .Select(i => new AuditorRow(i.Id, true, i.DisplayName, i.Email, i.AccessExpiresAt!.Value, i.AccessExpiresAt <= now || i.ExpiresAt <= now))
            .ToListAsync(cancellationToken);
        Auditors = [.. accounts, .. invited];
    }
}
