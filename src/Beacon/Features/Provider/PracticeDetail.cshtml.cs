using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Email;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Provider;

/// <summary>
/// One practice as the provider sees it: counts, the administrator invitations still open (the provider
/// sent them, so it may see to whom), and a form to invite another administrator, for instance when the
/// first one left before accepting.
/// </summary>
[Authorize(Policy = Policies.ProviderAdmin)]
public sealed class PracticeDetailModel(BeaconDbContext db, TenantContext tenant, InvitationService invitations, TimeProvider time) : PageModel
{
    [BindProperty]
    public InviteInput Invite { get; set; } = new();

    public Summary Practice { get; private set; } = null!;
    public IReadOnlyList<InvitationRow> AdminInvitations { get; private set; } = [];
    public string? InviteError { get; private set; }

    public sealed class InviteInput
    {
        public string? Name { get; set; }
        public string? Email { get; set; }
    }

    public sealed record Summary(Guid Id, string Name, string StateCode, string TimeZoneId, bool Active, DateTime CreatedAt,
        int ActiveSites, int ActiveStaff, int Accounts, int Administrators, int OpenInvitations, int UndeliveredEmails);

    public sealed record InvitationRow(string Email, string Name, DateTime SentAt, DateTime ExpiresAt, bool Expired);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <summary>A post that names no form of this page is a bad request; an unknown practice is not found.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Practices.AnyAsync(p => p.Id == id, cancellationToken) ? BadRequest() : NotFound();

    public async Task<IActionResult> OnPostInviteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await db.Practices.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return NotFound();
        }
        var name = (Invite.Name ?? "").Trim();
        var email = (Invite.Email ?? "").Trim().ToLowerInvariant();
        if (name.Length == 0 || name.Length > 200)
        {
            ModelState.AddModelError("Invite.Name", name.Length == 0 ? "Enter the administrator's name." : "Keep the name under 200 characters.");
        }
        if (email.Length == 0 || email.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            ModelState.AddModelError("Invite.Email", "Enter a valid email address, like name@example.com.");
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(id, cancellationToken);
            return Page();
        }

        // The invitation belongs to the practice: write it acting for the practice, then return to the installation.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        InvitationService.Outcome outcome;
        tenant.ActForPractice(id);
        try
        {
            outcome = await invitations.InviteAsync(id, email, name, [Roles.PracticeAdmin, Roles.Learner], null, cancellationToken);
        }
        finally
        {
            tenant.ActAsSystem();
        }
        if (!outcome.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            InviteError = outcome.Error;
            await LoadAsync(id, cancellationToken);
            return Page();
        }
        await transaction.CommitAsync(cancellationToken);
        TempData["Status"] = $"An invitation to become an administrator of the practice was emailed to {email}.";
        return Redirect($"/provider/practices/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var adminRole = db.Roles.Where(r => r.Name == Roles.PracticeAdmin).Select(r => r.Id);
        // Acting for the installation: the tenant filters are lifted on purpose, and every count names the practice.
        var practice = await db.Practices.AsNoTracking()
            .Where(p => p.Id == id)
            .Select(p => new Summary(
                p.Id,
                p.Name,
                p.StateCode,
                p.TimeZoneId,
                p.Active,
                p.CreatedAt,
                db.Sites.IgnoreQueryFilters().Count(s => s.PracticeId == p.Id && s.Active),
                db.StaffMembers.IgnoreQueryFilters().Count(s => s.PracticeId == p.Id && s.Active),
                db.Users.Count(u => u.PracticeId == p.Id && !u.Disabled),
                db.Users.Count(u => u.PracticeId == p.Id && !u.Disabled && db.UserRoles.Any(link => link.UserId == u.Id && adminRole.Contains(link.RoleId))),
                db.Invitations.Count(i => i.PracticeId == p.Id && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now),
                db.OutboxMessages.IgnoreQueryFilters().Count(m => m.PracticeId == p.Id && m.Status == OutboxStatus.Failed)))
            .FirstOrDefaultAsync(cancellationToken);
        if (practice is null)
        {
            return false;
        }
        Practice = practice;
        AdminInvitations = (await db.Invitations.AsNoTracking()
                .Where(i => i.PracticeId == id && i.AcceptedAt == null && i.RevokedAt == null && EF.Functions.Like(i.Roles, "%" + Roles.PracticeAdmin + "%"))
                .OrderByDescending(i => i.CreatedAt)
                .Select(i => new { i.Email, i.DisplayName, i.Roles, i.CreatedAt, i.ExpiresAt })
                .ToListAsync(cancellationToken))
            .Where(i => i.Roles.Split(',').Contains(Roles.PracticeAdmin))
            .Select(i => new InvitationRow(i.Email, i.DisplayName, i.CreatedAt, i.ExpiresAt, i.ExpiresAt <= now))
            .ToList();
        return true;
    }

    public string ZoneName => UsTimeZones.NameOf(Practice.TimeZoneId);
}
