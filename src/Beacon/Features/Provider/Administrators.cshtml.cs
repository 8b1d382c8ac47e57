using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Provider;

/// <summary>The training provider's own administrators, and invitations to join them.</summary>
[Authorize(Policy = Policies.ProviderAdmin)]
public sealed class AdministratorsModel(BeaconDbContext db, InvitationService invitations, TimeProvider time) : PageModel
{
    [BindProperty]
    public InviteInput Invite { get; set; } = new();

    public IReadOnlyList<AdministratorRow> Administrators { get; private set; } = [];
    public IReadOnlyList<InvitationRow> Invitations { get; private set; } = [];
    public string? InviteError { get; private set; }

    public sealed class InviteInput
    {
        public string? Name { get; set; }
        public string? Email { get; set; }
    }

    public sealed record AdministratorRow(string Name, string Email, bool TwoFactor, bool Disabled, DateTime? LastSignIn);

    public sealed record InvitationRow(string Email, string Name, DateTime SentAt, DateTime ExpiresAt, bool Expired);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var name = (Invite.Name ?? "").Trim();
        var email = (Invite.Email ?? "").Trim().ToLowerInvariant();
        if (name.Length == 0 || name.Length > 200)
        {
            ModelState.AddModelError("Invite.Name", name.Length == 0 ? "Enter the person's name." : "Keep the name under 200 characters.");
        }
        if (email.Length == 0 || email.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            ModelState.AddModelError("Invite.Email", "Enter a valid email address, like name@example.com.");
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        // No practice: the invitation is to the installation, and its email is the installation's.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcome = await invitations.InviteAsync(null, email, name, [Roles.ProviderAdmin], null, cancellationToken);
        if (!outcome.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            InviteError = outcome.Error;
            await LoadAsync(cancellationToken);
            return Page();
        }
        await transaction.CommitAsync(cancellationToken);
        TempData["Status"] = $"An invitation to become a provider administrator was emailed to {email}.";
        return Redirect("/provider/administrators");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var providerRole = db.Roles.Where(r => r.Name == Roles.ProviderAdmin).Select(r => r.Id);
        Administrators = await db.Users.AsNoTracking()
            .Where(u => u.PracticeId == null && db.UserRoles.Any(link => link.UserId == u.Id && providerRole.Contains(link.RoleId)))
            .OrderBy(u => u.DisplayName)
            .Select(u => new AdministratorRow(
                u.DisplayName,
                u.Email ?? "",
                u.TwoFactorEnabled,
                u.Disabled,
                db.UserSessions.Where(s => s.UserId == u.Id).Max(s => (DateTime?)s.CreatedAt)))
            .ToListAsync(cancellationToken);
        Invitations = (await db.Invitations.AsNoTracking()
                .Where(i => i.PracticeId == null && i.AcceptedAt == null && i.RevokedAt == null)
                .OrderByDescending(i => i.CreatedAt)
                .Select(i => new { i.Email, i.DisplayName, i.CreatedAt, i.ExpiresAt })
                .ToListAsync(cancellationToken))
            .Select(i => new InvitationRow(i.Email, i.DisplayName, i.CreatedAt, i.ExpiresAt, i.ExpiresAt <= now))
            .ToList();
    }
}
