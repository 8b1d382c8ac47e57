using System.Security.Claims;
using Beacon.Data;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Accounts;

/// <summary>
/// Identity's sign-in manager, with every sign-in backed by a <see cref="UserSession"/> row whose id is in
/// the cookie. Ending the row (sign-out, disabling, timeouts) ends the session on every node.
/// </summary>
public sealed class BeaconSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    BeaconDbContext db,
    TimeProvider time,
    IOptions<SessionOptions> sessionOptions,
    IServiceProvider services)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(AppUser user) =>
        !user.Disabled && !AccessExpired(user, time) && await base.CanSignInAsync(user);

    /// <summary>Time-limited accounts (outside auditors) stop working at their expiry.</summary>
    public static bool AccessExpired(AppUser user, TimeProvider time) =>
        user.AccessExpiresAt is { } expires && time.GetUtcNow().UtcDateTime >= expires;

    public override async Task SignInWithClaimsAsync(AppUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // A new sign-in in this browser replaces the session it had (session fixation).
        await EndSessionAsync(Context.User, "replaced");
        var session = new UserSession
        {
            UserId = user.Id,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + sessionOptions.Value.AbsoluteLifetime,
        };
        // Saved in a context of its own: the request's context may hold changes to the account that are
        // Identity's to save (or that lost a race with a concurrent request), not the session's.
        await using (var own = ActivatorUtilities.CreateInstance<BeaconDbContext>(services))
        {
            own.UserSessions.Add(session);
            await own.SaveChangesAsync();
        }

        var properties = authenticationProperties ?? new AuthenticationProperties();
        properties.IsPersistent = false;
        properties.AllowRefresh = false;
        properties.IssuedUtc = time.GetUtcNow();
        properties.ExpiresUtc = new DateTimeOffset(session.ExpiresAt, TimeSpan.Zero);
        await base.SignInWithClaimsAsync(user, properties, additionalClaims.Append(new Claim(BeaconClaims.SessionId, session.Id.ToString())));
    }

    public override async Task SignOutAsync()
    {
        await EndSessionAsync(Context.User, "signed-out");
        await base.SignOutAsync();
    }

    private async Task EndSessionAsync(ClaimsPrincipal? principal, string reason)
    {
        if (Guid.TryParse(principal?.FindFirstValue(BeaconClaims.SessionId), out var sessionId))
        {
            var now = time.GetUtcNow().UtcDateTime;
            await db.UserSessions
                .Where(s => s.Id == sessionId && s.EndedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason));
        }
    }
}

/// <summary>Adds the claims Beacon's pages and tenancy read: display name and practice.</summary>
public sealed class BeaconClaimsPrincipalFactory(UserManager<AppUser> userManager, RoleManager<AppRole> roleManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, AppRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(BeaconClaims.DisplayName, user.DisplayName));
        if (user.PracticeId is { } practiceId)
        {
            identity.AddClaim(new Claim(BeaconClaims.PracticeId, practiceId.ToString()));
        }
        return identity;
    }
}
