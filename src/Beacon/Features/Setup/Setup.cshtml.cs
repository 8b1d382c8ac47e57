using System.ComponentModel.DataAnnotations;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Operations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Beacon.Features.Setup;

/// <summary>
/// Creates the first provider administrator with the one-time token printed at start-up. Once any provider
/// administrator exists the page refuses, whatever token it is given.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class SetupModel(SetupTokens tokens, UserManager<AppUser> users, SignInManager<AppUser> signIn, TenantContext tenant, BeaconDbContext db, AuditLog audit, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(200)]
    [Display(Name = "Your name")]
    public string DisplayName { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [Display(Name = "Email address")]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty]
    public string Confirm { get; set; } = "";

    public bool Valid { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        tenant.ActAsSystem();
        Valid = await tokens.IsValidAsync(Token, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        tenant.ActAsSystem();
        Valid = await tokens.IsValidAsync(Token, cancellationToken);
        if (!Valid || !ModelState.IsValid)
        {
            return Page();
        }
        if (!string.Equals(Password, Confirm, StringComparison.Ordinal))
        {
            Errors = ["The two passwords are not the same."];
            return Page();
        }
        var user = new AppUser
        {
            UserName = Email.Trim().ToLowerInvariant(),
            Email = Email.Trim().ToLowerInvariant(),
            EmailConfirmed = true,
            DisplayName = DisplayName.Trim(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            problems.AddRange((await validator.ValidateAsync(users, user, Password)).Errors.Select(e => e.Description));
        }
        if (problems.Count > 0)
        {
            Errors = problems;
            return Page();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await tokens.ConsumeAsync(Token!, cancellationToken))
        {
            Valid = false;
            return Page();
        }
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded)
        {
            Errors = [.. created.Errors.Select(e => e.Description)];
            return Page();
        }
        await users.AddToRoleAsync(user, Roles.ProviderAdmin);
        audit.Record(Guid.Empty, "account.created", "account", user.Id.ToString(), new { role = Roles.ProviderAdmin, via = "setup" });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await signIn.SignInAsync(user, isPersistent: false);
        return Redirect("/account/security?welcome=true");
    }
}
