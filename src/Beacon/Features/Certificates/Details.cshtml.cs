using System.ComponentModel.DataAnnotations;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Certificates;

/// <summary>
/// One certificate: its facts, its public check, and revocation. Auditors read it; only a practice
/// administrator revokes, with a reason that stays on record (the audit log keeps the change as well).
/// </summary>
[Authorize(Policy = Policies.Auditor)]
[RefuseUnknownHandlers]
public sealed class DetailsModel(BeaconDbContext db, CertificateRecords records, IAuthorizationService authorization, AuditActor actor, TimeProvider time) : PageModel
{
    public const int MinimumReasonLength = 10;
    public const int MaximumReasonLength = 500;

    public CertificateFacts Certificate { get; private set; } = null!;
    public bool CanRevoke { get; private set; }
    public string VerifyUrl { get; private set; } = "";

    [BindProperty]
    [Display(Name = "Reason for revoking")]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (!CanRevoke)
        {
            return Forbid();
        }
        if (Certificate.Revoked)
        {
            ModelState.AddModelError(nameof(Reason), "This certificate is already revoked. A revocation cannot be changed or repeated.");
            return Page();
        }
        var reason = Reason?.Trim() ?? "";
        if (reason.Length < MinimumReasonLength)
        {
            ModelState.AddModelError(nameof(Reason), $"Give the reason in at least {MinimumReasonLength} characters, so an auditor reading it later understands why.");
            return Page();
        }
        if (reason.Length > MaximumReasonLength)
        {
            ModelState.AddModelError(nameof(Reason), $"Keep the reason to {MaximumReasonLength} characters or fewer.");
            return Page();
        }

        var certificate = await db.Certificates.FirstAsync(c => c.Id == id, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Claim the revocation first: of two administrators revoking at once, one wins and the other is told.
        var claimed = await db.Certificates.Where(c => c.Id == id && c.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.RevokedAt, now), cancellationToken);
        if (claimed != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            await LoadAsync(id, cancellationToken);
            ModelState.AddModelError(nameof(Reason), "This certificate is already revoked. A revocation cannot be changed or repeated.");
            return Page();
        }
        // Written through the change tracker so the audit log records the revocation as a certificate change.
        certificate.RevokedAt = now;
        certificate.RevokedReason = reason;
        certificate.RevokedByUserId = actor.UserId;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        TempData["Status"] = $"Certificate {certificate.Number} is revoked. Its verification page now says so.";
        return Redirect($"/certificates/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var facts = await records.FindAsync(id, cancellationToken);
        if (facts is null)
        {
            return false;
        }
        Certificate = facts;
        VerifyUrl = records.VerifyUrl(facts.VerificationCode);
        CanRevoke = (await authorization.AuthorizeAsync(User, Policies.PracticeAdmin)).Succeeded;
        return true;
    }
}
