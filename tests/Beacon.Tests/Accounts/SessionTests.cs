using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Accounts;

public sealed class SessionTests
{
    [Theory, DatabaseData]
    public async Task The_cookie_of_a_signed_out_session_no_longer_works(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var client = new AccountClient(app);
        await client.SignInAsync(account.Email, account.Password);
        var stolen = new Dictionary<string, string>(client.Cookies);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        await client.PostAsync("/account/sign-out", [], "/");

        var replay = new AccountClient(app);
        foreach (var (name, value) in stolen)
        {
            replay.Cookies[name] = value;
        }
        Assert.True(AccountClient.IsSignInRedirect(await replay.GetAsync("/")));
        Assert.Equal("signed-out", await app.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == account.UserId).Select(s => s.EndReason).SingleAsync()));
    }

    [Theory, DatabaseData]
    public async Task A_session_ends_after_the_idle_timeout_but_not_while_in_use(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var client = await app.SignInAsync(account);

        for (var i = 0; i < 4; i++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(25));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        }
        app.Time.Advance(TimeSpan.FromMinutes(31));

        Assert.True(AccountClient.IsSignInRedirect(await client.GetAsync("/")));
        Assert.Equal("idle", await app.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == account.UserId).Select(s => s.EndReason).SingleAsync()));
    }

    [Theory, DatabaseData]
    public async Task A_session_ends_at_its_absolute_lifetime_however_active(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var client = await app.SignInAsync(account);

        // Active every 20 minutes for just under 12 hours.
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.6); elapsed += TimeSpan.FromMinutes(20))
        {
            app.Time.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        }
        app.Time.Advance(TimeSpan.FromMinutes(25));

        Assert.True(AccountClient.IsSignInRedirect(await client.GetAsync("/")));
    }

    [Theory, DatabaseData]
    public async Task Disabling_an_account_ends_its_sessions_at_once(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var client = await app.SignInAsync(account);

        await app.WithDbAsync(db => db.Users.Where(u => u.Id == account.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Disabled, true)));

        Assert.True(AccountClient.IsSignInRedirect(await client.GetAsync("/")));
        Assert.Equal("disabled", await app.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == account.UserId).Select(s => s.EndReason).SingleAsync()));
        var again = new AccountClient(app);
        Assert.Equal(HttpStatusCode.OK, (await again.SignInAsync(account.Email, account.Password)).StatusCode);
    }

    [Theory, DatabaseData]
    public async Task Changing_the_password_signs_out_other_devices(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var laptop = await app.SignInAsync(account);
        var phone = await app.SignInAsync(account);
        const string newPassword = "another long passphrase today";

        var changed = await phone.PostFormAsync("/account/security?handler=Password",
            [F("CurrentPassword", account.Password), F("Password", newPassword), F("Confirm", newPassword)], "/account/security");

        Assert.Contains("Other devices were signed out", (await ParseAsync(changed)).Text("#security-status"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/")).StatusCode);
        Assert.True(AccountClient.IsSignInRedirect(await laptop.GetAsync("/")));
        await app.DeliverEmailsAsync();
        Assert.Contains(SmtpSink.To(account.Email), m => m.Subject == "Your Beacon account changed");
    }
}
