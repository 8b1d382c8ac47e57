using System.ComponentModel.DataAnnotations;
using Beacon.Data;
using Beacon.Features.Audit;
using Beacon.Features.Operations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Beacon.Features.Accounts;

/// <summary>
/// The second step of sign-in: a code from the authenticator app (each accepted once) or a recovery code
/// (each usable once). Wrong codes count toward the account's lockout like wrong passwords.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class MfaModel(SignInManager<AppUser> signIn, TenantContext tenant, AuditLog audit) : PageModel
{
    [BindProperty]
    [Display(Name = "Code")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public bool UseRecoveryCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return Redirect("/account/sign-in");
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Redirect("/account/sign-in");
        }
        tenant.ActForAccount(user.PracticeId);

        var code = Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = UseRecoveryCode
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(Code.Trim())
            : await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        var chain = user.PracticeId ?? Guid.Empty;
        if (result.Succeeded)
        {
            await audit.RecordNowAsync(chain, UseRecoveryCode ? "sign-in.succeeded.recovery-code" : "sign-in.succeeded", "account", user.Id.ToString(), new { mfa = true }, cancellationToken);
            return LocalRedirect(!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        await audit.RecordNowAsync(chain, result.IsLockedOut ? "sign-in.locked-out" : "sign-in.mfa-failed", "account", user.Id.ToString(), new { recoveryCode = UseRecoveryCode }, cancellationToken);
        Error = result.IsLockedOut
            ? "Too many wrong codes: the account is locked for a while. Try again later."
            : UseRecoveryCode
                ? "That recovery code did not work. Each code works once."
                : "That code did not work. Codes change every 30 seconds and each works once: wait for the next one.";
        Code = "";
        return Page();
    }
}
