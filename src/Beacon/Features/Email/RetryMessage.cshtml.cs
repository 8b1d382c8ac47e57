using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Email;

/// <summary>
/// Puts an undelivered message back in the queue as if new: due now, with a fresh count of attempts. Only
/// Failed messages qualify, so a message that was sent can never be sent twice from here.
/// </summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class RetryMessageModel(BeaconDbContext db, TenantContext tenant, AuditLog audit, TimeProvider time) : PageModel
{
    /// <summary>The button lives on the email page; a GET goes back there.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.OutboxMessages.AnyAsync(m => m.Id == id, cancellationToken) ? Redirect("/practice/email") : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        // The tenant query filter makes another practice's message simply not there.
        var message = await db.OutboxMessages.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null)
        {
            return NotFound();
        }
        if (message.Status != OutboxStatus.Failed)
        {
            TempData["Status"] = $"The email to {message.ToAddress} is not marked as undelivered, so there is nothing to send again.";
            return Redirect("/practice/email");
        }

        message.Status = OutboxStatus.Pending;
        message.NextAttemptAt = time.GetUtcNow().UtcDateTime;
        message.Attempts = 0;
        message.LeaseUntil = null;
        audit.Record(tenant.PracticeId, "email.retried", "email", message.Id.ToString(), new { to = message.ToAddress, kind = message.Kind });
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"The email to {message.ToAddress} will be sent again within a minute.";
        return Redirect("/practice/email");
    }
}
