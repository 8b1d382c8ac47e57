using System.Net;
using System.Text.RegularExpressions;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Tests.Accounts;

public sealed partial class SignInTests
{
    [Theory, DatabaseData]
    public async Task Sign_in_opens_a_server_side_session_and_is_audited(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var admin = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin);

        var client = await app.SignInAsync(admin);

        var sessions = await app.WithDbAsync(db => db.UserSessions.CountAsync(s => s.UserId == admin.UserId && s.EndedAt == null));
        Assert.Equal(1, sessions);
        var events = await app.WithDbAsync(db => db.AuditEntries.All().Where(e => e.TargetId == admin.UserId.ToString()).Select(e => e.Action).ToListAsync());
        Assert.Contains("sign-in.succeeded", events);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Theory, DatabaseData]
    public async Task Unknown_account_wrong_password_locked_and_disabled_accounts_get_the_same_answer_after_one_password_hash(DatabaseProvider provider)
    {
        var hashes = new HashCounter();
        await using var app = await BeaconApp.StartAsync(provider, a => a.WithServices(s =>
            s.AddScoped<IPasswordHasher<AppUser>>(_ => new CountingHasher(new NormalisingPasswordHasher(), hashes))));
        var practice = await app.CreatePracticeAsync();
        var known = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var locked = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var disabled = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        await app.WithDbAsync(async db =>
        {
            await db.Users.Where(u => u.Id == locked.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.MaxValue));
            await db.Users.Where(u => u.Id == disabled.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Disabled, true));
        });

        var answers = new List<(HttpStatusCode Status, string Body, int Hashes)>();
        foreach (var (email, password) in new[]
        {
            (TestData.UniqueEmail("nobody"), "some long password here"),
            (known.Email, "not the right password at all"),
            (locked.Email, locked.Password),
            (disabled.Email, disabled.Password),
        })
        {
            var client = new AccountClient(app);
            await client.GetAsync("/account/sign-in");
            var before = hashes.Count;
            var response = await client.SignInAsync(email, password);
            var body = TokenValue().Replace(await response.Content.ReadAsStringAsync(), "");
            answers.Add((response.StatusCode, body.Replace(email, "", StringComparison.Ordinal), hashes.Count - before));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers, a => Assert.Contains(SignInModel.FailureMessage, a.Body, StringComparison.Ordinal));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.All(answers, a => Assert.Equal(1, a.Hashes));
    }

    [Theory, DatabaseData]
    public async Task Ten_failed_sign_ins_lock_the_account_even_for_the_right_password(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var learner = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var client = new AccountClient(app);

        for (var i = 0; i < 10; i++)
        {
            var failed = await client.SignInAsync(learner.Email, "wrong password number " + i);
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }
        var right = await client.SignInAsync(learner.Email, learner.Password);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(SignInModel.FailureMessage, await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var lockouts = await app.WithDbAsync(db => db.AuditEntries.All().CountAsync(e => e.TargetId == learner.UserId.ToString() && e.Action == "sign-in.locked-out"));
        Assert.True(lockouts >= 1);

        // Identity times the lockout on the system clock: 15 minutes from now.
        var lockoutEnd = await app.WithDbAsync(db => db.Users.Where(u => u.Id == learner.UserId).Select(u => u.LockoutEnd).SingleAsync());
        var now = TimeProvider.System.GetUtcNow();
        Assert.InRange(lockoutEnd!.Value, now.AddMinutes(14), now.AddMinutes(16));

        // Once the lockout has passed, the right password works again.
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == learner.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, now.AddSeconds(-1))));
        var later = await client.SignInAsync(learner.Email, learner.Password);
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
    }

    [Theory, DatabaseData]
    public async Task Sign_in_is_throttled_per_client_address(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider, a => a.WithSetting("RateLimits:SignInPerMinute", "3"));
        var client = new AccountClient(app);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.SignInAsync(TestData.UniqueEmail(), "a long wrong password")).StatusCode);
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Theory, DatabaseData]
    public async Task A_return_url_to_another_site_is_ignored(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var learner = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var client = new AccountClient(app);

        var response = await client.PostAsync("/account/sign-in?returnUrl=https%3A%2F%2Fevil.example%2F",
            [Html.F("Input.Email", learner.Email), Html.F("Input.Password", learner.Password)], "/account/sign-in");

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [GeneratedRegex("value=\"CfDJ8[^\"]*\"")]
    private static partial Regex TokenValue();

    public sealed class HashCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Increment() => Interlocked.Increment(ref _count);
    }

    private sealed class CountingHasher(IPasswordHasher<AppUser> inner, HashCounter counter) : IPasswordHasher<AppUser>
    {
        public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            counter.Increment();
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
