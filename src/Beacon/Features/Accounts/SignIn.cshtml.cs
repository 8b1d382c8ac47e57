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
/// Email and password. Unknown accounts, wrong passwords, locked and disabled accounts all get the same
/// answer after the same work (one password hash), so the page does not tell who has an account.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class SignInModel(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    IPasswordHasher<AppUser> hasher,
    TenantContext tenant,
    AuditLog audit,
    TimeProvider time) : PageModel
{
    public const string FailureMessage = "That email and password did not work, or the account is locked for a while. Try again, or reset your password.";

    // A real hash of a random password: unknown accounts cost the same PBKDF2 work as known ones.
    private static readonly Lazy<string> DummyHash = new(() => new NormalisingPasswordHasher().HashPassword(new AppUser(), Guid.NewGuid().ToString()));

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool SignedOut { get; set; }

    public string? Error { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [Display(Name = "Email address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    public IActionResult OnGet()
    {
        if (User.Identity?.IsAuthenticated == true && !SignedOut)
        {
            return LocalRedirect(SafeReturnUrl);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null)
        {
            hasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, Input.Password);
            tenant.ActAsSystem();
            await audit.RecordNowAsync(Guid.Empty, "sign-in.failed", "account", null, new { reason = "unknown account" }, cancellationToken);
            return Fail();
        }

        var practiceId = user.PracticeId ?? Guid.Empty;
        tenant.ActForAccount(user.PracticeId);

        // Identity answers a locked or disabled account before hashing; hash anyway so timing says nothing.
        var blocked = user.Disabled || BeaconSignInManager.AccessExpired(user, time) || await users.IsLockedOutAsync(user);
        if (blocked)
        {
            hasher.VerifyHashedPassword(user, DummyHash.Value, Input.Password);
        }
        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.RecordNowAsync(practiceId, "sign-in.succeeded", "account", user.Id.ToString(), null, cancellationToken);
            return LocalRedirect(SafeReturnUrl);
        }
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Accounts/Mfa", new { returnUrl = SafeReturnUrl });
        }
        var reason = result.IsLockedOut ? "locked out" : result.IsNotAllowed ? "disabled" : "wrong password";
        await audit.RecordNowAsync(practiceId, result.IsLockedOut ? "sign-in.locked-out" : "sign-in.failed", "account", user.Id.ToString(), new { reason }, cancellationToken);
        return Fail();
    }

    private string SafeReturnUrl => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";

    private PageResult Fail()
    {
        Error = FailureMessage;
        Input.Password = "";
        return Page();
    }
}
