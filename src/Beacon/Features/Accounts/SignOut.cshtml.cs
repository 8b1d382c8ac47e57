using Beacon.Data;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Accounts;

/// <summary>Ends the server-side session (on every node) and clears the cookie. POST only, with antiforgery.</summary>
[AllowAnonymous]
public sealed class SignOutModel(SignInManager<AppUser> signIn, TenantContext tenant, AuditLog audit, AuditActor actor) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Home/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            var practiceId = tenant.HasPractice ? tenant.PracticeId : Guid.Empty;
            await signIn.SignOutAsync();
            audit.Record(practiceId, "sign-out", "account", actor.UserId?.ToString());
            await HttpContext.RequestServices.GetRequiredService<BeaconDbContext>().SaveChangesAsync(cancellationToken);
        }
        // A shared device keeps nothing: the browser drops the toolkit's offline copy and its service worker.
        Response.Headers["Clear-Site-Data"] = "\"cache\", \"storage\"";
        return Redirect("/account/sign-in?signedOut=true");
    }
}
