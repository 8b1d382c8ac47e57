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
/// Asks for a reset link. The answer is the same whether or not the address has an account; only an
/// account that exists (and is not disabled) gets an email.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class ForgotPasswordModel(UserManager<AppUser> users, AccountEmails emails, BeaconDbContext db, TenantContext tenant, AuditLog audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [Display(Name = "Email address")]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = await users.FindByEmailAsync(Email.Trim());
        if (user is { Disabled: false })
        {
            tenant.ActForAccount(user.PracticeId);
            var token = await users.GeneratePasswordResetTokenAsync(user);
            emails.QueuePasswordReset(user, token);
            audit.Record(user.PracticeId ?? Guid.Empty, "password-reset.requested", "account", user.Id.ToString());
            await db.SaveChangesAsync(cancellationToken);
        }
        Sent = true;
        return Page();
    }
}
