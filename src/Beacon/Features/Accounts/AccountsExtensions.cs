using System.Security.Claims;
using Beacon.Data;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Beacon.Features.Accounts;

/// <summary>Names of the authorization policies. Every page and endpoint names one (or allows anonymous access).</summary>
public static class Policies
{
    public const string ProviderAdmin = "ProviderAdmin";
    public const string PracticeAdmin = "PracticeAdmin";
    public const string Instructor = "Instructor";
    public const string Auditor = "Auditor";

    /// <summary>Anyone signed in to a practice who learns there (learner, instructor, administrator): not an outside auditor.</summary>
    public const string PracticeMember = "PracticeMember";

    /// <summary>Any account of a practice, outside auditors included (pages that decide per record, such as a certificate PDF).</summary>
    public const string PracticeAccount = "PracticeAccount";

    /// <summary>Anyone signed in, practice or provider (account security pages).</summary>
    public const string SignedIn = "SignedIn";
}

public static class AccountsExtensions
{
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var sessions = builder.Configuration.GetSection(SessionOptions.Section).Get<SessionOptions>() ?? new SessionOptions();
        var security = builder.Configuration.GetSection(Operations.SecurityOptions.Section).Get<Operations.SecurityOptions>() ?? new Operations.SecurityOptions();

        services.AddSingleton<PasswordBlocklist>();
        services.AddSingleton<PasswordPolicy>();
        services.AddScoped<InvitationService>();
        services.AddScoped<AccountEmails>();

        services.AddIdentity<AppUser, AppRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                // Length and blocklist rules live in NistPasswordValidator; composition rules are off (NIST 800-63B).
                options.Password.RequiredLength = PasswordPolicy.MinimumWithMfa;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = sessions.MaxFailedSignIns;
                options.Lockout.DefaultLockoutTimeSpan = sessions.LockoutDuration;
                options.Tokens.AuthenticatorTokenProvider = ReplaySafeAuthenticatorTokenProvider.ProviderName;
            })
            .AddEntityFrameworkStores<BeaconDbContext>()
            .AddSignInManager<BeaconSignInManager>()
            .AddClaimsPrincipalFactory<BeaconClaimsPrincipalFactory>()
            .AddPasswordValidator<NistPasswordValidator>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<ReplaySafeAuthenticatorTokenProvider>(ReplaySafeAuthenticatorTokenProvider.ProviderName);
        services.AddScoped<IPasswordHasher<AppUser>, NormalisingPasswordHasher>();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(2));
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            // A refreshed principal keeps the session it belongs to.
            o.OnRefreshingPrincipal = refresh =>
            {
                var session = refresh.CurrentPrincipal?.FindFirst(BeaconClaims.SessionId);
                if (session is not null && refresh.NewPrincipal?.Identity is ClaimsIdentity identity)
                {
                    identity.AddClaim(new Claim(BeaconClaims.SessionId, session.Value));
                }
                return Task.CompletedTask;
            };
        });

        // The key ring lives in the database so every node reads the same cookies and antiforgery tokens.
        services.AddDataProtection()
            .SetApplicationName("Beacon")
            .PersistKeysToDbContext<BeaconDbContext>();

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = security.RequireHttps ? "__Host-Beacon" : "Beacon";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = security.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.Path = "/";
            cookie.ExpireTimeSpan = sessions.AbsoluteLifetime;
            cookie.SlidingExpiration = false;
            cookie.LoginPath = "/account/sign-in";
            cookie.LogoutPath = "/account/sign-out";
            cookie.AccessDeniedPath = "/account/access-denied";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Events.OnValidatePrincipal = SessionValidator.ValidateAsync;
            cookie.Events.OnRedirectToLogin = context => ApiAware(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => ApiAware(context, StatusCodes.Status403Forbidden);
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, cookie =>
        {
            cookie.Cookie.Name = security.RequireHttps ? "__Host-Beacon-2fa" : "Beacon-2fa";
            cookie.Cookie.SecurePolicy = security.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.Path = "/";
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.ExternalScheme, cookie =>
        {
            cookie.Cookie.Name = security.RequireHttps ? "__Host-Beacon-ext" : "Beacon-ext";
            cookie.Cookie.SecurePolicy = security.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.Path = "/";
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.ProviderAdmin, p => p.RequireAuthenticatedUser().RequireRole(Roles.ProviderAdmin))
            .AddPolicy(Policies.PracticeAdmin, p => p.RequireAuthenticatedUser().RequireClaim(BeaconClaims.PracticeId).RequireRole(Roles.PracticeAdmin))
            .AddPolicy(Policies.Instructor, p => p.RequireAuthenticatedUser().RequireClaim(BeaconClaims.PracticeId).RequireRole(Roles.Instructor, Roles.PracticeAdmin))
            .AddPolicy(Policies.Auditor, p => p.RequireAuthenticatedUser().RequireClaim(BeaconClaims.PracticeId).RequireRole(Roles.Auditor, Roles.PracticeAdmin))
            .AddPolicy(Policies.PracticeMember, p => p.RequireAuthenticatedUser().RequireClaim(BeaconClaims.PracticeId).RequireRole(Roles.Learner, Roles.Instructor, Roles.PracticeAdmin))
            .AddPolicy(Policies.PracticeAccount, p => p.RequireAuthenticatedUser().RequireClaim(BeaconClaims.PracticeId))
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser())
            // Anything that forgot its policy still needs a signed-in user (and the policy-coverage test fails).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    /// <summary>
    /// After authentication: act for the signed-in user's practice, and hold a practice administrator who must
    /// enrol an authenticator on the security page until they have.
    /// </summary>
    public static IApplicationBuilder UseAccounts(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var tenant = context.RequestServices.GetRequiredService<TenantContext>();
        if (context.User.Identity?.IsAuthenticated == true)
        {
            TenantResolution.Apply(tenant, context.User);
            var state = context.Features.Get<SignedInState>();
            var path = context.Request.Path;
            if (state is { MfaRequired: true, TwoFactorEnabled: false } &&
                !path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase) &&
                !path.StartsWithSegments("/lib", StringComparison.OrdinalIgnoreCase) &&
                !path.StartsWithSegments("/css", StringComparison.OrdinalIgnoreCase) &&
                !path.StartsWithSegments("/js", StringComparison.OrdinalIgnoreCase) &&
                !path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Redirect("/account/security?required=true");
                return;
            }
        }
        await next(context);
    });

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
