using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Setup;

public static class SetupExtensions
{
    public static WebApplicationBuilder AddSetup(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DemoPractice>();
        builder.Services.AddScoped<SetupTokens>();
        return builder;
    }

    /// <summary>
    /// Everything that happens before Beacon serves: migrations, the fixed role rows, the demo practice or
    /// the first-run setup link, and one-shot commands. Returns an exit code when Beacon should not serve.
    /// </summary>
    public static async Task<int?> RunStartupAsync(this WebApplication app, StartupCommand command)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (options.MigrateOnStartup)
        {
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<TenantContext>().ActAsSystem();
        await EnsureRolesAsync(services.GetRequiredService<RoleManager<AppRole>>());

        if (command.VerifyAudit)
        {
            var report = await services.GetRequiredService<AuditVerifier>().VerifyAllAsync(CancellationToken.None);
            foreach (var chain in report)
            {
                Console.WriteLine(chain.Describe());
            }
            return report.All(c => c.Intact) ? 0 : 2;
        }

        if (command.SendOutbox)
        {
            var smtp = services.GetRequiredService<IOptions<Email.SmtpOptions>>().Value;
            if (string.IsNullOrWhiteSpace(smtp.Host))
            {
                Console.Error.WriteLine("outbox send: Smtp:Host is not set, so there is nowhere to send the outbox.");
                return 2;
            }
            Console.WriteLine("outbox: sending");
            var delivered = await services.GetRequiredService<Email.OutboxSender>().DrainAsync(smtp.PollInterval, CancellationToken.None);
            Console.WriteLine($"outbox: done, {delivered} delivered");
            return 0;
        }

        // Courses are checked and new versions published before anyone can take them.
        var contentDirectory = services.GetRequiredService<IOptions<Courses.ContentOptions>>().Value.Resolve();
        var contentProblems = await services.GetRequiredService<Courses.CourseCatalog>().PublishAsync(contentDirectory, CancellationToken.None);
        if (contentProblems.Count > 0)
        {
            Console.Error.WriteLine($"Beacon did not start: the course content in {contentDirectory} has {contentProblems.Count} problems:");
            foreach (var problem in contentProblems)
            {
                Console.Error.WriteLine("  " + problem);
            }
            return 3;
        }

        // National lines (the hotline) are data the provider keeps: seeded from national.yaml when absent.
        await ReferralDirectory.NationalResourceSeeder.SeedAsync(services.GetRequiredService<BeaconDbContext>(),
            services.GetRequiredService<Courses.NationalResources>().All, services.GetRequiredService<TimeProvider>(), CancellationToken.None);

        var baseUrl = services.GetRequiredService<IOptions<Operations.SecurityOptions>>().Value.PublicBaseUrl.TrimEnd('/');
        if (command.Demo)
        {
            var demo = services.GetRequiredService<DemoPractice>();
            var password = await demo.EnsureAsync(command.NewAdminPassword, CancellationToken.None);
            // Printed to the console only: credentials never go to the structured log.
            Console.WriteLine();
            if (password is not null)
            {
                Console.WriteLine($"  Demo practice: {DemoPractice.PracticeName}");
                Console.WriteLine($"  Sign in at {baseUrl}/account/sign-in");
                Console.WriteLine($"    email:    {DemoPractice.AdminEmail}");
                Console.WriteLine($"    password: {password}");
                Console.WriteLine("  This password is shown once. Run with --demo --new-admin-password for a new one.");
            }
            else
            {
                Console.WriteLine($"  Demo practice {DemoPractice.PracticeName} is ready at {baseUrl}/account/sign-in ({DemoPractice.AdminEmail}).");
                Console.WriteLine("  Its password was shown on first run; run with --demo --new-admin-password for a new one.");
            }
            Console.WriteLine();
        }

        var setup = services.GetRequiredService<SetupTokens>();
        if (!await setup.ProviderAdminExistsAsync(CancellationToken.None))
        {
            var token = await setup.IssueAsync(CancellationToken.None);
            Console.WriteLine($"  No provider administrator yet. Create one at: {baseUrl}/setup?token={token}");
            Console.WriteLine("  (This link works once; a new one is printed at each start until it is used.)");
            Console.WriteLine();
        }
        return null;
    }

    private static async Task EnsureRolesAsync(RoleManager<AppRole> roles)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new AppRole(role));
            }
        }
    }
}

/// <summary>The one-time token that creates the first provider administrator on a fresh install.</summary>
public sealed class SetupTokens(BeaconDbContext db, UserManager<AppUser> users, TimeProvider time)
{
    public async Task<bool> ProviderAdminExistsAsync(CancellationToken cancellationToken) =>
        (await users.GetUsersInRoleAsync(Roles.ProviderAdmin)).Count > 0;

    /// <summary>Replaces any earlier unused token: only the most recently printed link works.</summary>
    public async Task<string> IssueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.SetupTokens.Where(t => t.UsedAt == null).ExecuteDeleteAsync(cancellationToken);
        var token = InvitationService.NewToken();
        db.SetupTokens.Add(new SetupToken { TokenHash = InvitationService.Hash(token), CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    public async Task<bool> IsValidAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return false;
        }
        var hash = InvitationService.Hash(token);
        return await db.SetupTokens.AnyAsync(t => t.TokenHash == hash && t.UsedAt == null, cancellationToken)
            && !await ProviderAdminExistsAsync(cancellationToken);
    }

    /// <summary>Marks the token used; false if someone else used it first.</summary>
    public async Task<bool> ConsumeAsync(string token, CancellationToken cancellationToken)
    {
        var hash = InvitationService.Hash(token);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.SetupTokens.Where(t => t.TokenHash == hash && t.UsedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.UsedAt, now), cancellationToken) == 1;
    }
}
