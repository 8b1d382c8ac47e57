using Beacon.Features.Operations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Beacon.Features.Accounts;

/// <summary>Creates an account from an invitation link (single use, 7 days) and signs the person in.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class AcceptInvitationModel(InvitationService invitations, SignInManager<AppUser> signIn) : PageModel
{
    public const string InvalidLink = "This invitation link is not valid any more: it may have been used, replaced by a newer one, or be more than 7 days old. Ask your administrator for a new invitation.";

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty]
    public string Confirm { get; set; } = "";

    public Invitation? Invitation { get; private set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Invitation = await invitations.FindOpenAsync(Token, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Invitation = await invitations.FindOpenAsync(Token, cancellationToken);
        if (Invitation is null)
        {
            return Page();
        }
        if (!string.Equals(Password, Confirm, StringComparison.Ordinal))
        {
            Errors = ["The two passwords are not the same."];
            return Page();
        }
        var (user, errors) = await invitations.AcceptAsync(Token!, Password, cancellationToken);
        if (user is null)
        {
            Errors = errors;
            return Page();
        }
        await signIn.SignInAsync(user, isPersistent: false);
        return Redirect(user.PracticeId is null ? "/provider/practices" : "/account/security?welcome=true");
    }
}
