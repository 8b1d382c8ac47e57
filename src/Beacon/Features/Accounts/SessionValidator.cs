using System.Security.Claims;
using Beacon.Data;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Accounts;

/// <summary>What the session check learned about the signed-in user, kept for the rest of the request.</summary>
public sealed record SignedInState(bool TwoFactorEnabled, bool MfaRequired);

/// <summary>
/// Runs on every authenticated request: the cookie is honoured only while its server-side session is open,
/// not idle too long, not past its absolute lifetime, and its account is not disabled.
/// </summary>
public static class SessionValidator
{
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var principal = context.Principal;
        if (!Guid.TryParse(principal?.FindFirstValue(BeaconClaims.SessionId), out var sessionId))
        {
            await RejectAsync(context);
            return;
        }

        var tenant = services.GetRequiredService<TenantContext>();
        TenantResolution.Apply(tenant, principal!);
        var db = services.GetRequiredService<BeaconDbContext>();
        var time = services.GetRequiredService<TimeProvider>();
        var options = services.GetRequiredService<IOptions<SessionOptions>>().Value;
        var now = time.GetUtcNow().UtcDateTime;

        var session = await db.UserSessions
            .Where(s => s.Id == sessionId)
            .Select(s => new
            {
                s.EndedAt,
                s.LastSeenAt,
                s.ExpiresAt,
                User = db.Users.Where(u => u.Id == s.UserId).Select(u => new { u.Disabled, u.AccessExpiresAt, u.TwoFactorEnabled, u.PracticeId }).First(),
            })
            .FirstOrDefaultAsync(context.HttpContext.RequestAborted);

        string? endReason = session switch
        {
            null => "unknown",
            { EndedAt: not null } => "ended",
            { User.Disabled: true } => "disabled",
            _ when now >= session.User.AccessExpiresAt => "access-expired",
            _ when now >= session.ExpiresAt => "expired",
            _ when now - session.LastSeenAt >= options.IdleTimeout => "idle",
            _ => null,
        };
        if (endReason is not null)
        {
            if (session is { EndedAt: null })
            {
                await db.UserSessions.Where(s => s.Id == sessionId && s.EndedAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, endReason), context.HttpContext.RequestAborted);
            }
            await RejectAsync(context);
            return;
        }

        if (now - session!.LastSeenAt >= LastSeenResolution)
        {
            await db.UserSessions.Where(s => s.Id == sessionId)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.LastSeenAt, now), context.HttpContext.RequestAborted);
        }

        var mfaRequired = false;
        if (session.User.PracticeId is { } practiceId && principal!.IsInRole(Roles.PracticeAdmin))
        {
            mfaRequired = await db.Practices.Where(p => p.Id == practiceId).Select(p => p.RequireAdminMfa).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        }
        context.HttpContext.Features.Set(new SignedInState(session.User.TwoFactorEnabled, mfaRequired));

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}

/// <summary>Sets the unit of work's tenant from the signed-in principal.</summary>
public static class TenantResolution
{
    public static void Apply(TenantContext tenant, ClaimsPrincipal principal)
    {
        if (Guid.TryParse(principal.FindFirstValue(BeaconClaims.PracticeId), out var practiceId))
        {
            tenant.ActForPractice(practiceId);
        }
        else if (principal.IsInRole(Roles.ProviderAdmin))
        {
            tenant.ActAsSystem();
        }
        else
        {
            tenant.Clear();
        }
    }
}
