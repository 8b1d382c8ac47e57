using System.Net;
using System.Text.RegularExpressions;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Accounts;

public sealed partial class ResetPasswordTests
{
    [Theory, DatabaseData]
    public async Task Asking_for_a_reset_answers_the_same_whether_or_not_the_account_exists(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var unknown = TestData.UniqueEmail("nobody");

        var known = await app.NewClient().PostFormAsync("/account/forgot-password", [F("Email", account.Email)]);
        var missing = await app.NewClient().PostFormAsync("/account/forgot-password", [F("Email", unknown)]);

        Assert.Equal(known.StatusCode, missing.StatusCode);
        Assert.Equal((await ParseAsync(known)).Text("main"), (await ParseAsync(missing)).Text("main"));
        await app.DeliverEmailsAsync();
        Assert.Single(SmtpSink.To(account.Email));
        Assert.Empty(SmtpSink.To(unknown));
    }

    [Theory, DatabaseData]
    public async Task A_reset_link_works_once_ends_open_sessions_and_still_requires_the_second_step(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var oldSession = await app.SignInAsync(account);
        var key = await EnableMfaAsync(app, account, oldSession);

        await app.NewClient().PostFormAsync("/account/forgot-password", [F("Email", account.Email)]);
        await app.DeliverEmailsAsync();
        var message = Assert.Single(SmtpSink.To(account.Email), m => m.Subject!.Contains("Reset", StringComparison.Ordinal));
        var link = new Uri(ResetLink().Match(message.TextBody!).Value).PathAndQuery;
        const string newPassword = "a brand new long passphrase";

        var reset = await app.NewClient().PostFormAsync(link, [F("Password", newPassword), F("Confirm", newPassword)]);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        // The session that was open before the reset is over.
        Assert.True(AccountClient.IsSignInRedirect(await oldSession.GetAsync("/")));
        // The link does not work twice.
        var again = await app.NewClient().PostFormAsync(link, [F("Password", newPassword + "!"), F("Confirm", newPassword + "!")]);
        Assert.Contains(ResetPasswordModel.InvalidLink, (await ParseAsync(again)).Text("#password-errors"), StringComparison.Ordinal);
        // The new password leads to the authenticator step, not straight in.
        var client = new AccountClient(app);
        var signIn = await client.SignInAsync(account.Email, newPassword);
        Assert.StartsWith("/account/mfa", signIn.Headers.Location!.OriginalString, StringComparison.Ordinal);
        app.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/account/mfa", [F("Code", app.TotpCode(key))], "/account/mfa")).StatusCode);
        var actions = await app.WithDbAsync(db => db.AuditEntries.All().Where(e => e.TargetId == account.UserId.ToString()).Select(e => e.Action).ToListAsync());
        Assert.Contains("password-reset.requested", actions);
        Assert.Contains("password-reset.completed", actions);
    }

    private static async Task<string> EnableMfaAsync(BeaconApp app, AccountSeed account, HttpClient client)
    {
        await client.GetPageAsync("/account/security");
        var key = await app.AuthenticatorKeyAsync(account.UserId);
        var response = await client.PostFormAsync("/account/security?handler=Enable", [F("Code", app.TotpCode(key))], "/account/security");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return key;
    }

    [GeneratedRegex(@"http://localhost/account/reset-password\?user=[0-9a-f\-]+&token=[^\s]+")]
    private static partial Regex ResetLink();
}
