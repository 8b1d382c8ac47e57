using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Beacon.Tests.Infrastructure.Html;
using static Beacon.Tests.Practices.AdminTestSupport;

namespace Beacon.Tests.Practices;

public sealed class AccountTests
{
    [Theory, DatabaseData]
    public async Task Roles_are_granted_and_removed_and_each_change_is_audited(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync();
        var person = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var stampBefore = await StampOfAsync(app, person.UserId);

        var response = await client.PostAsync($"/practice/people/{person.UserId}?handler=Roles", $"/practice/people/{person.UserId}",
            F("SelectedRoles", Roles.Instructor), F("SelectedRoles", Roles.Auditor));

        AssertRedirect(response, $"/practice/people/{person.UserId}");
        Assert.Equal(new[] { Roles.Auditor, Roles.Instructor }, (await app.RolesOfAsync(person.UserId)).Order(StringComparer.Ordinal));
        var granted = await app.AuditAsync(practice.PracticeId, "role.granted");
        Assert.Equal(2, granted.Count);
        Assert.All(granted, e => Assert.Equal(person.UserId.ToString(), e.TargetId));
        Assert.Contains("Learner", Assert.Single(await app.AuditAsync(practice.PracticeId, "role.removed")).Changes, StringComparison.Ordinal);
        Assert.NotEqual(stampBefore, await StampOfAsync(app, person.UserId));

        var page = await client.GetPageAsync($"/practice/people/{person.UserId}");
        Assert.NotNull(page.QuerySelector("#role-auditor[checked]"));
        Assert.Null(page.QuerySelector("#role-learner[checked]"));
        Assert.Contains("Role given: Instructor", page.Text(), StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task Administrator_cannot_take_away_their_own_administrator_role(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, admin, client) = await app.SignedInAdminAsync();
        await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin);

        var response = await client.PostAsync($"/practice/people/{admin.UserId}?handler=Roles", $"/practice/people/{admin.UserId}", F("SelectedRoles", Roles.Learner));

        app.AssertOk(response);
        Assert.Contains("cannot remove your own practice administrator role", (await ParseAsync(response)).Text("#roles-error"), StringComparison.Ordinal);
        Assert.Contains(Roles.PracticeAdmin, await app.RolesOfAsync(admin.UserId));
        Assert.Empty(await app.AuditAsync(practice.PracticeId, "role.removed"));
    }

    [Theory, DatabaseData]
    public async Task Administrator_can_change_their_own_other_roles_and_keeps_working(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (_, admin, client) = await app.SignedInAdminAsync();

        var response = await client.PostAsync($"/practice/people/{admin.UserId}?handler=Roles", $"/practice/people/{admin.UserId}",
            F("SelectedRoles", Roles.PracticeAdmin), F("SelectedRoles", Roles.Instructor));
        AssertRedirect(response, $"/practice/people/{admin.UserId}");
        app.Time.Advance(TimeSpan.FromMinutes(2));

        // The new security stamp would sign other sessions out; this browser was signed in again with it.
        Assert.Contains("Roles of", await client.TextAsync($"/practice/people/{admin.UserId}"), StringComparison.Ordinal);
        Assert.Equal(new[] { Roles.Instructor, Roles.PracticeAdmin }, (await app.RolesOfAsync(admin.UserId)).Order(StringComparer.Ordinal));
    }

    [Theory, DatabaseData]
    public async Task The_last_active_administrator_keeps_the_role(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, admin, client) = await app.SignedInAdminAsync();
        var other = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin);
        // This browser's session still carries the administrator role it signed in with, but the account lost it
        // a moment ago (the session refreshes within a minute): the other person is now the only administrator.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActForPractice(practice.PracticeId);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.RemoveFromRoleAsync((await users.FindByIdAsync(admin.UserId.ToString()))!, Roles.PracticeAdmin);
        }

        var response = await client.PostAsync($"/practice/people/{other.UserId}?handler=Roles", $"/practice/people/{other.UserId}", F("SelectedRoles", Roles.Learner));

        app.AssertOk(response);
        Assert.Contains("only active administrator", (await ParseAsync(response)).Text("#roles-error"), StringComparison.Ordinal);
        Assert.Contains(Roles.PracticeAdmin, await app.RolesOfAsync(other.UserId));
    }

    [Theory, DatabaseData]
    public async Task Role_change_reaches_the_persons_other_sessions_within_a_minute(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, admin) = await app.SignedInAdminAsync();
        var auditor = await app.CreateAccountAsync(practice.PracticeId, Roles.Auditor, Roles.Learner);
        var auditorClient = await app.SignInAsync(auditor);
        app.AssertOk(await auditorClient.GetAsync("/audit"));

        AssertRedirect(await admin.PostAsync($"/practice/people/{auditor.UserId}?handler=Roles", $"/practice/people/{auditor.UserId}", F("SelectedRoles", Roles.Learner)),
            $"/practice/people/{auditor.UserId}");
        app.Time.Advance(TimeSpan.FromSeconds(61));

        AssertRedirectStartsWith(await auditorClient.GetAsync("/audit"), "/account/sign-in");
        var again = await app.SignInAsync(auditor);
        AssertRedirectStartsWith(await again.GetAsync("/audit"), "/account/access-denied");
    }

    [Theory, DatabaseData]
    public async Task Disabling_an_account_ends_its_sessions_and_signs_it_out(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, admin) = await app.SignedInAdminAsync();
        var learner = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var learnerClient = await app.SignInAsync(learner);
        app.AssertOk(await learnerClient.GetAsync("/"));

        var response = await admin.PostAsync($"/practice/people/{learner.UserId}?handler=Disable", $"/practice/people/{learner.UserId}");

        AssertRedirect(response, $"/practice/people/{learner.UserId}");
        var sessions = await app.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == learner.UserId).ToListAsync());
        Assert.All(sessions, s => Assert.Equal("disabled", s.EndReason));
        Assert.All(sessions, s => Assert.NotNull(s.EndedAt));
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Id == learner.UserId).Select(u => u.Disabled).SingleAsync()));
        Assert.Contains("\"sessionsEnded\":1", Assert.Single(await app.AuditAsync(practice.PracticeId, "account.disabled")).Changes, StringComparison.Ordinal);
        // The very next request of the disabled person's browser is sent to sign in, without waiting for any refresh.
        AssertRedirectStartsWith(await learnerClient.GetAsync("/"), "/account/sign-in");
        Assert.Contains("Disabled: cannot sign in", await admin.TextAsync($"/practice/people/{learner.UserId}"), StringComparison.Ordinal);

        AssertRedirect(await admin.PostAsync($"/practice/people/{learner.UserId}?handler=Enable", $"/practice/people/{learner.UserId}"), $"/practice/people/{learner.UserId}");
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == learner.UserId).Select(u => u.Disabled).SingleAsync()));
        Assert.Single(await app.AuditAsync(practice.PracticeId, "account.enabled"));
        await app.SignInAsync(learner);
    }

    [Theory, DatabaseData]
    public async Task Administrator_cannot_disable_their_own_account(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, admin, client) = await app.SignedInAdminAsync();

        var response = await client.PostAsync($"/practice/people/{admin.UserId}?handler=Disable", $"/practice/people/{admin.UserId}");

        AssertRedirect(response, $"/practice/people/{admin.UserId}");
        Assert.Contains("cannot disable your own account", await client.TextAsync($"/practice/people/{admin.UserId}"), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == admin.UserId).Select(u => u.Disabled).SingleAsync()));
        Assert.Empty(await app.AuditAsync(practice.PracticeId, "account.disabled"));
    }

    [Theory, DatabaseData]
    public async Task Ending_all_sessions_signs_the_person_out_everywhere(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, admin) = await app.SignedInAdminAsync();
        var learner = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var phone = await app.SignInAsync(learner);
        var desktop = await app.SignInAsync(learner);
        Assert.Contains("End all sessions (2)", await admin.TextAsync($"/practice/people/{learner.UserId}"), StringComparison.Ordinal);

        var response = await admin.PostAsync($"/practice/people/{learner.UserId}?handler=EndSessions", $"/practice/people/{learner.UserId}");

        AssertRedirect(response, $"/practice/people/{learner.UserId}");
        AssertRedirectStartsWith(await phone.GetAsync("/"), "/account/sign-in");
        AssertRedirectStartsWith(await desktop.GetAsync("/"), "/account/sign-in");
        Assert.Contains("\"sessionsEnded\":2", Assert.Single(await app.AuditAsync(practice.PracticeId, "sessions.ended")).Changes, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == learner.UserId).Select(u => u.Disabled).SingleAsync()));
    }

    [Theory, DatabaseData]
    public async Task Account_page_shows_the_linked_roster_record_and_recent_sign_ins(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, admin) = await app.SignedInAdminAsync();
        var learner = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var staff = await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == learner.UserId);
            user.StaffMemberId = practice.StaffIds[0];
            await db.SaveChangesAsync();
            return await db.StaffMembers.All().SingleAsync(s => s.Id == practice.StaffIds[0]);
        });
        await app.SignInAsync(learner);

        var page = await admin.TextAsync($"/practice/people/{learner.UserId}");

        Assert.Contains($"{staff.FirstName} {staff.LastName}", page, StringComparison.Ordinal);
        Assert.Contains("Signed in", page, StringComparison.Ordinal);
        // 15:00 UTC on the test clock is 9:00 AM in Chicago, the practice's zone.
        Assert.Contains("Mar 2, 2026, 9:00 AM CST", page, StringComparison.Ordinal);
    }

    private static Task<string?> StampOfAsync(BeaconApp app, Guid userId) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync());
}
