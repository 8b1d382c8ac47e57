using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Practices;

/// <summary>
/// Sends an invitation again with a fresh 7-day link. The old link is revoked (a lost email may turn up
/// later), so the resend is a new invitation to the same person with the same roles.
/// </summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class ResendInvitationModel(BeaconDbContext db, TenantContext tenant, InvitationService invitations, AuditLog audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Invitations.AnyAsync(i => i.Id == id && i.PracticeId == tenant.PracticeId, cancellationToken)
            ? Redirect("/practice/people")
            : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var practiceId = tenant.PracticeId;
        var old = await db.Invitations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.PracticeId == practiceId, cancellationToken);
        if (old is null)
        {
            return NotFound();
        }
        if (old.AcceptedAt is not null || old.RevokedAt is not null)
        {
            TempData["Status"] = $"The invitation to {old.Email} was already accepted or withdrawn, so it was not sent again. Invite the person anew if they still need access.";
            return Redirect("/practice/people");
        }

        // The service revokes the old invitation and writes the new one, its email and its audit entry;
        // the transaction makes that one change, and the resend entry below is saved with it.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        audit.Record(practiceId, "invitation.revoked", "invitation", old.Id.ToString(), new { email = old.Email, reason = "sent again" });
        var outcome = await invitations.InviteAsync(practiceId, old.Email, old.DisplayName, old.RoleList, old.StaffMemberId, cancellationToken);
        if (!outcome.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            TempData["Problem"] = $"The invitation to {old.Email} could not be sent again: {outcome.Error}";
            return Redirect("/practice/people");
        }
        await transaction.CommitAsync(cancellationToken);
        TempData["Status"] = $"A new invitation was sent to {old.Email}. The earlier link no longer works.";
        return Redirect("/practice/people");
    }
}
