using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Setup;
using Beacon.Tests.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Setup;

public sealed class FirstRunTests
{
    private static async Task<string?> SeedDemoAsync(BeaconApp app, bool newPassword = false)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DemoPractice>().EnsureAsync(newPassword, CancellationToken.None);
    }

    [Theory, DatabaseData]
    public async Task The_demo_practice_is_seeded_once_and_its_generated_password_signs_in(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);

        var password = await SeedDemoAsync(app);
        var second = await SeedDemoAsync(app);

        Assert.NotNull(password);
        Assert.Null(second);
        var practice = await app.WithDbAsync(db => db.Practices.SingleAsync(p => p.Name == DemoPractice.PracticeName));
        Assert.Equal(("TX", "America/Chicago"), (practice.StateCode, practice.TimeZoneId));
        Assert.Equal(2, await app.WithDbAsync(db => db.Sites.CountAsync(), practice.Id));
        Assert.InRange(await app.WithDbAsync(db => db.StaffMembers.CountAsync(), practice.Id), 35, 45);
        await app.SignInAsync(new AccountSeed(Guid.Empty, DemoPractice.AdminEmail, password!));

        // A new password replaces the old one.
        var renewed = await SeedDemoAsync(app, newPassword: true);
        Assert.NotEqual(password, renewed);
        Assert.Equal(HttpStatusCode.OK, (await new AccountClient(app).SignInAsync(DemoPractice.AdminEmail, password!)).StatusCode);
        await app.SignInAsync(new AccountSeed(Guid.Empty, DemoPractice.AdminEmail, renewed!));
    }

    [Fact]
    public void Generated_passwords_differ_and_pass_the_password_policy()
    {
        var policy = new PasswordPolicy(new PasswordBlocklist());
        var passwords = Enumerable.Range(0, 50).Select(_ => DemoPractice.GeneratePassword()).ToList();

        Assert.Equal(50, passwords.Distinct().Count());
        Assert.All(passwords, p => Assert.Empty(policy.Check(p, hasMfa: false)));
    }

    [Theory, DatabaseData]
    public async Task The_printed_setup_link_creates_the_first_provider_administrator_once(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem();
            token = await scope.ServiceProvider.GetRequiredService<SetupTokens>().IssueAsync(CancellationToken.None);
        }
        var email = TestData.UniqueEmail("provider");
        var client = app.NewClient();

        var wrong = await client.GetPageAsync("/setup?token=not-the-token");
        var created = await client.PostFormAsync($"/setup?token={token}",
            [F("DisplayName", "Pat Provider"), F("Email", email), F("Password", TestData.Password), F("Confirm", TestData.Password)]);
        var reused = await app.NewClient().GetPageAsync($"/setup?token={token}");

        Assert.Contains("not valid", wrong.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("not valid", reused.Body!.TextContent, StringComparison.Ordinal);
        var roles = await app.WithDbAsync(db => db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Join(db.Users, x => x.UserId, u => u.Id, (x, u) => new { u.Email, x.Name }).Where(x => x.Email == email).Select(x => x.Name).ToListAsync());
        Assert.Equal([Roles.ProviderAdmin], roles);
    }
}
