using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Accounts;

public sealed class MfaTests
{
    /// <summary>Enrols an authenticator through the security page; returns the key and the recovery codes shown.</summary>
    private static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(BeaconApp app, AccountSeed account, HttpClient client)
    {
        var page = await client.GetPageAsync("/account/security");
        Assert.NotNull(page.QuerySelector("#shared-key"));
        var key = await app.AuthenticatorKeyAsync(account.UserId);
        var response = await client.PostFormAsync("/account/security?handler=Enable", [F("Code", app.TotpCode(key))], "/account/security");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await ParseAsync(response);
        var codes = result.QuerySelectorAll("#recovery-codes li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(10, codes.Count);
        return (key, codes);
    }

    private static async Task<HttpResponseMessage> PasswordStepAsync(AccountClient client, AccountSeed account)
    {
        var response = await client.SignInAsync(account.Email, account.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/mfa", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        return response;
    }

    [Theory, DatabaseData]
    public async Task Enrolled_account_needs_a_code_and_each_code_is_accepted_once(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        // Enrol in the previous 30-second step, so its code is still inside the accepted window later.
        var (key, _) = await EnrolAsync(app, account, await app.SignInAsync(account));
        app.Time.Advance(TimeSpan.FromSeconds(30));

        var first = new AccountClient(app);
        await PasswordStepAsync(first, account);
        var code = app.TotpCode(key);
        var accepted = await first.PostAsync("/account/mfa", [F("Code", code)], "/account/mfa");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/", accepted.Headers.Location!.OriginalString);

        // The same code, replayed from another browser while it is still valid, is refused.
        var replay = new AccountClient(app);
        await PasswordStepAsync(replay, account);
        var refused = await replay.PostAsync("/account/mfa", [F("Code", code)], "/account/mfa");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("each works once", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The next code works.
        app.Time.Advance(TimeSpan.FromSeconds(30));
        var next = await replay.PostAsync("/account/mfa", [F("Code", app.TotpCode(key))], "/account/mfa");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        var failures = await app.WithDbAsync(db => db.AuditEntries.All().CountAsync(e => e.TargetId == account.UserId.ToString() && e.Action == "sign-in.mfa-failed"));
        Assert.Equal(1, failures);
    }

    [Theory, DatabaseData]
    public async Task A_code_submitted_twice_at_once_signs_in_only_once(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var (key, _) = await EnrolAsync(app, account, await app.SignInAsync(account));
        app.Time.Advance(TimeSpan.FromSeconds(30));

        var clients = new[] { new AccountClient(app), new AccountClient(app), new AccountClient(app), new AccountClient(app) };
        var tokens = new List<string>();
        foreach (var client in clients)
        {
            await PasswordStepAsync(client, account);
            tokens.Add(Token(await ParseAsync(await client.GetAsync("/account/mfa")))!);
        }
        var code = app.TotpCode(key);
        var results = await Task.WhenAll(clients.Select((c, i) => c.PostWithTokenAsync("/account/mfa", [F("Code", code)], tokens[i])));

        Assert.True(results.Count(r => r.StatusCode == HttpStatusCode.Redirect) == 1, string.Join(", ", results.Select(r => $"{(int)r.StatusCode} {r.Headers.Location}")) + "\n" + string.Join("\n", app.Logs.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).Take(3)));
    }

    [Theory, DatabaseData]
    public async Task Recovery_codes_work_once_each(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var (_, codes) = await EnrolAsync(app, account, await app.SignInAsync(account));

        var first = new AccountClient(app);
        await PasswordStepAsync(first, account);
        var used = await first.PostAsync("/account/mfa?useRecoveryCode=true", [F("Code", codes[0]), F("UseRecoveryCode", "true")], "/account/mfa?useRecoveryCode=true");
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);

        var second = new AccountClient(app);
        await PasswordStepAsync(second, account);
        var again = await second.PostAsync("/account/mfa?useRecoveryCode=true", [F("Code", codes[0]), F("UseRecoveryCode", "true")], "/account/mfa?useRecoveryCode=true");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Each code works once", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task A_practice_that_requires_mfa_holds_its_administrators_on_the_security_page_until_they_enrol(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(requireAdminMfa: true);
        var admin = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin);
        var learner = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var client = await app.SignInAsync(admin);

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/account/security?required=true", home.Headers.Location!.OriginalString);

        await EnrolAsync(app, admin, client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        // Learners are not held.
        var learnerClient = await app.SignInAsync(learner);
        Assert.Equal(HttpStatusCode.OK, (await learnerClient.GetAsync("/")).StatusCode);
    }

    [Theory, DatabaseData]
    public async Task Turning_mfa_off_needs_the_current_password_and_is_refused_when_the_practice_requires_it(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var admin = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin);
        var client = await app.SignInAsync(admin);
        await EnrolAsync(app, admin, client);

        var wrong = await client.PostFormAsync("/account/security?handler=Disable", [F("CurrentPassword", "not my password at all")], "/account/security");
        Assert.Contains("current password is not right", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await app.WithDbAsync(db => db.Practices.Where(p => p.Id == practice.PracticeId).ExecuteUpdateAsync(s => s.SetProperty(p => p.RequireAdminMfa, true)));
        var required = await client.PostFormAsync("/account/security?handler=Disable", [F("CurrentPassword", admin.Password)], "/account/security");
        Assert.Contains("requires two-step sign-in", await required.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Id == admin.UserId).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }
}
