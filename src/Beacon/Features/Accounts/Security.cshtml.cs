using Beacon.Data;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using QRCoder;

namespace Beacon.Features.Accounts;

/// <summary>
/// The person's own sign-in security: set up or turn off two-step sign-in, new recovery codes, change
/// password. Changes that weaken or replace a credential ask for the current password first.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class SecurityModel(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    AccountEmails emails,
    BeaconDbContext db,
    AuditLog audit,
    TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Required { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Welcome { get; set; }

    [BindProperty]
    public string Code { get; set; } = "";

    [BindProperty]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty]
    public string Confirm { get; set; } = "";

    public bool MfaEnabled { get; private set; }
    public bool MfaRequired { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public string? SharedKey { get; private set; }
    public string? QrCodeDataUri { get; private set; }
    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? ErrorSection { get; private set; }
    public string? Status { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Challenge();

    /// <summary>Turns two-step sign-in on once the person proves their app shows the right code.</summary>
    public async Task<IActionResult> OnPostEnableAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var code = Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            await LoadAsync();
            Fail("enable", "That code did not match. Check the time on your phone is set automatically, then type the newest code.");
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        NewRecoveryCodes = [.. (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!];
        emails.QueueSecurityNotice(user, "Two-step sign-in was turned on for your Beacon account.");
        audit.Record(user.PracticeId ?? Guid.Empty, "mfa.enabled", "account", user.Id.ToString());
        await db.SaveChangesAsync(cancellationToken);
        await signIn.RefreshSignInAsync(user);
        await LoadAsync(user);
        Status = "Two-step sign-in is on. Save your recovery codes now: they are shown only once.";
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (!user.TwoFactorEnabled || !await users.CheckPasswordAsync(user, CurrentPassword))
        {
            await LoadAsync(user);
            Fail("codes", "Your current password is not right.");
            return Page();
        }
        NewRecoveryCodes = [.. (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!];
        emails.QueueSecurityNotice(user, "New recovery codes were made for your Beacon account; the old ones no longer work.");
        audit.Record(user.PracticeId ?? Guid.Empty, "mfa.recovery-codes-renewed", "account", user.Id.ToString());
        await db.SaveChangesAsync(cancellationToken);
        await LoadAsync(user);
        Status = "New recovery codes are ready. The old ones no longer work.";
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        await LoadAsync(user);
        if (MfaRequired)
        {
            Fail("disable", "Your practice requires two-step sign-in for administrators, so it cannot be turned off.");
            return Page();
        }
        if (!await users.CheckPasswordAsync(user, CurrentPassword))
        {
            Fail("disable", "Your current password is not right.");
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        // A new key, so the old authenticator entry can never be used again.
        await users.ResetAuthenticatorKeyAsync(user);
        emails.QueueSecurityNotice(user, "Two-step sign-in was turned off for your Beacon account.");
        audit.Record(user.PracticeId ?? Guid.Empty, "mfa.disabled", "account", user.Id.ToString());
        await db.SaveChangesAsync(cancellationToken);
        await signIn.RefreshSignInAsync(user);
        await LoadAsync(user);
        Status = "Two-step sign-in is off.";
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (!string.Equals(Password, Confirm, StringComparison.Ordinal))
        {
            await LoadAsync(user);
            Fail("password", "The two new passwords are not the same.");
            return Page();
        }
        var result = await users.ChangePasswordAsync(user, CurrentPassword, Password);
        if (!result.Succeeded)
        {
            await LoadAsync(user);
            ErrorSection = "password";
            Errors = [.. result.Errors.Select(e => e.Code == "PasswordMismatch" ? "Your current password is not right." : e.Description)];
            return Page();
        }
        // Other browsers signed in with the old password are signed out now.
        var now = time.GetUtcNow().UtcDateTime;
        await db.UserSessions.Where(s => s.UserId == user.Id && s.EndedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, "password-changed"), cancellationToken);
        emails.QueueSecurityNotice(user, "The password of your Beacon account was changed.");
        audit.Record(user.PracticeId ?? Guid.Empty, "password.changed", "account", user.Id.ToString());
        await db.SaveChangesAsync(cancellationToken);
        await signIn.SignInAsync(user, isPersistent: false);
        await LoadAsync(user);
        Status = "Your password is changed. Other devices were signed out.";
        return Page();
    }

    private void Fail(string section, string message)
    {
        ErrorSection = section;
        Errors = [message];
    }

    private async Task<bool> LoadAsync(AppUser? user = null)
    {
        user ??= await users.GetUserAsync(User);
        if (user is null)
        {
            return false;
        }
        MfaEnabled = await users.GetTwoFactorEnabledAsync(user);
        MfaRequired = user.PracticeId is { } practiceId && User.IsInRole(Roles.PracticeAdmin) &&
            await db.Practices.Where(p => p.Id == practiceId).Select(p => p.RequireAdminMfa).FirstOrDefaultAsync();
        if (MfaEnabled)
        {
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
            SharedKey = null;
            QrCodeDataUri = null;
            return true;
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        SharedKey = FormatKey(key!);
        var uri = ReplaySafeAuthenticatorTokenProvider.EnrolmentUri("Beacon", user.Email ?? user.UserName ?? "account", key!);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
        return true;
    }

    private static string FormatKey(string key) =>
        string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - (i * 4))))).ToLowerInvariant();
}
