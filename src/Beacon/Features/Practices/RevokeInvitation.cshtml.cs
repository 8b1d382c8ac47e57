using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Practices;

/// <summary>Withdraws an invitation that has not been accepted: its link stops working at once.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class RevokeInvitationModel(BeaconDbContext db, TenantContext tenant, AuditLog audit, TimeProvider time) : PageModel
{
    /// <summary>The form lives on the people page; a GET (a refreshed or bookmarked address) goes back there.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Invitations.AnyAsync(i => i.Id == id && i.PracticeId == tenant.PracticeId, cancellationToken)
            ? Redirect("/practice/people")
            : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var practiceId = tenant.PracticeId;
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == id && i.PracticeId == practiceId, cancellationToken);
        if (invitation is null)
        {
            return NotFound();
        }
        if (invitation.AcceptedAt is not null || invitation.RevokedAt is not null)
        {
            TempData["Status"] = $"The invitation to {invitation.Email} was already accepted or withdrawn; nothing changed.";
            return Redirect("/practice/people");
        }

        invitation.RevokedAt = time.GetUtcNow().UtcDateTime;
        audit.Record(practiceId, "invitation.revoked", "invitation", invitation.Id.ToString(), new { email = invitation.Email });
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"The invitation to {invitation.Email} was withdrawn. Its link no longer works.";
        return Redirect("/practice/people");
    }
}
