using System.ComponentModel.DataAnnotations;
using Beacon.Data;
using Beacon.Features.Audit;
using Beacon.Features.Operations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Accounts;

/// <summary>
/// Sets a new password from an emailed link. The token is bound to the account's security stamp, which the
/// reset changes, so a link works once. A reset does not sign anyone in: two-step sign-in still applies.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class ResetPasswordModel(UserManager<AppUser> users, AccountEmails emails, BeaconDbContext db, TenantContext tenant, AuditLog audit, TimeProvider time) : PageModel
{
    public const string InvalidLink = "This reset link is not valid any more (it works once and for 2 hours). Ask for a new one.";

    [BindProperty(SupportsGet = true, Name = "user")]
    public Guid UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string Password { get; set; } = "";

    [BindProperty]
    [DataType(DataType.Password)]
    [Display(Name = "Type it again")]
    public string Confirm { get; set; } = "";

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public bool LinkMissing => UserId == Guid.Empty || string.IsNullOrEmpty(Token);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (LinkMissing)
        {
            Errors = [InvalidLink];
            return Page();
        }
        if (!string.Equals(Password, Confirm, StringComparison.Ordinal))
        {
            Errors = ["The two passwords are not the same."];
            return Page();
        }
        var user = await users.FindByIdAsync(UserId.ToString());
        if (user is null || user.Disabled)
        {
            Errors = [InvalidLink];
            return Page();
        }
        tenant.ActForAccount(user.PracticeId);

        var result = await users.ResetPasswordAsync(user, Token!, Password);
        if (!result.Succeeded)
        {
            Errors = result.Errors.Any(e => e.Code == "InvalidToken") ? [InvalidLink] : [.. result.Errors.Select(e => e.Description)];
            return Page();
        }

        // The new password ends every session that was open with the old one.
        var now = time.GetUtcNow().UtcDateTime;
        await db.UserSessions.Where(s => s.UserId == user.Id && s.EndedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, "password-reset"), cancellationToken);
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        emails.QueueSecurityNotice(user, "The password of your Beacon account was reset with an emailed link.");
        audit.Record(user.PracticeId ?? Guid.Empty, "password-reset.completed", "account", user.Id.ToString());
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = "Your password is changed. Sign in with it now.";
        return Redirect("/account/sign-in");
    }
}
