using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Beacon.Tests.Practices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Beacon.Tests.Infrastructure.Html;
using static Beacon.Tests.Practices.AdminTestSupport;

namespace Beacon.Tests.Provider;

public sealed class ProviderConsoleTests
{
    [Theory, DatabaseData]
    public async Task Provider_onboards_a_practice_whose_administrator_gets_the_invitation_and_can_join(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var client = await app.SignInAsync(await app.CreateAccountAsync(null, Roles.ProviderAdmin));
        var adminEmail = TestData.UniqueEmail("first-admin");
        var name = TestData.Unique("Bayou Family Clinic");

        var response = await client.PostAsync("/provider/practices/new", "/provider/practices/new",
            F("Input.Name", name), F("Input.StateCode", "LA"), F("Input.TimeZoneId", "America/Chicago"),
            F("Input.Sites", "Main Street Clinic\r\n\r\n  Uptown Clinic  \n"), F("Input.AdminName", "Jordan Lee"), F("Input.AdminEmail", adminEmail));

        var practice = await app.WithDbAsync(db => db.Practices.SingleAsync(p => p.Name == name));
        AssertRedirect(response, $"/provider/practices/{practice.Id}");
        Assert.Equal(("LA", "America/Chicago"), (practice.StateCode, practice.TimeZoneId));
        var sites = await app.WithDbAsync(db => db.Sites.All().Where(s => s.PracticeId == practice.Id).Select(s => s.Name).ToListAsync());
        Assert.Equal(new[] { "Main Street Clinic", "Uptown Clinic" }, sites.Order(StringComparer.Ordinal));
        var invitation = Assert.Single(await app.InvitationsToAsync(adminEmail));
        Assert.Equal(practice.Id, invitation.PracticeId);
        Assert.Equal(new[] { Roles.Learner, Roles.PracticeAdmin }, invitation.RoleList.Order(StringComparer.Ordinal));
        Assert.Single(await app.AuditAsync(Guid.Empty, "practice.created"), e => e.TargetId == practice.Id.ToString());
        Assert.Single(await app.AuditAsync(practice.Id, "invitation.sent"));
        Assert.Equal(2, (await app.AuditAsync(practice.Id, "site.created")).Count);

        Assert.Equal(1, await app.DeliverEmailsAsync());
        var (_, token) = InvitationLink(Assert.Single(SmtpSink.To(adminEmail)));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (user, errors) = await scope.ServiceProvider.GetRequiredService<InvitationService>().AcceptAsync(token, "a long and unusual passphrase 42", CancellationToken.None);
            Assert.Empty(errors);
            Assert.Equal(practice.Id, user!.PracticeId);
        }
        var newAdmin = await app.SignInAsync(new AccountSeed(Guid.Empty, adminEmail, "a long and unusual passphrase 42"));
        Assert.Contains("Main Street Clinic", await newAdmin.TextAsync("/practice/settings"), StringComparison.Ordinal);

        var detail = await client.GetPageAsync($"/provider/practices/{practice.Id}");
        var administrators = detail.QuerySelectorAll("dt").Single(dt => dt.TextContent == "Practice administrators").NextElementSibling!;
        Assert.Equal("1", administrators.TextContent.Trim());
    }

    [Theory, DatabaseData]
    public async Task Onboarding_with_no_site_or_a_taken_email_creates_nothing(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var client = await app.SignInAsync(await app.CreateAccountAsync(null, Roles.ProviderAdmin));
        var existing = await app.CreateAccountAsync((await app.CreatePracticeAsync()).PracticeId, Roles.Learner);
        var name = TestData.Unique("Half Made Practice");

        var response = await client.PostAsync("/provider/practices/new", "/provider/practices/new",
            F("Input.Name", name), F("Input.StateCode", "TX"), F("Input.TimeZoneId", "America/Chicago"),
            F("Input.Sites", " \n "), F("Input.AdminName", "Someone"), F("Input.AdminEmail", existing.Email));
        var repeated = await client.PostAsync("/provider/practices/new", "/provider/practices/new",
            F("Input.Name", name), F("Input.StateCode", "TX"), F("Input.TimeZoneId", "America/Chicago"),
            F("Input.Sites", "Clinic\nclinic"), F("Input.AdminName", "Someone"), F("Input.AdminEmail", TestData.UniqueEmail()));

        app.AssertOk(response);
        var page = await ParseAsync(response);
        Assert.Contains("at least one site", page.Text("#sites-error"), StringComparison.Ordinal);
        Assert.Contains("already has a Beacon account", page.Text("#admin-email-error"), StringComparison.Ordinal);
        Assert.Contains("listed twice", (await ParseAsync(repeated)).Text("#sites-error"), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Practices.AnyAsync(p => p.Name == name)));
        Assert.Empty(await app.InvitationsToAsync(existing.Email));
    }

    [Theory, DatabaseData]
    public async Task Provider_pages_show_counts_but_no_one_from_the_practice_staff(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 4);
        var staff = await app.WithDbAsync(db => db.StaffMembers.All().Where(s => s.PracticeId == practice.PracticeId).ToListAsync());
        var learner = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin);
        var client = await app.SignInAsync(await app.CreateAccountAsync(null, Roles.ProviderAdmin));

        var list = await client.GetPageAsync("/provider/practices?q=" + Uri.EscapeDataString(practice.Name));
        var detail = await client.TextAsync($"/provider/practices/{practice.PracticeId}");

        var row = Assert.Single(list.QuerySelectorAll("tbody tr"));
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Contains(practice.Name, row.TextContent, StringComparison.Ordinal);
        Assert.Equal(new[] { "TX", "2", "4", "2" }, cells.Take(4));
        foreach (var text in new[] { list.Text(), detail })
        {
            foreach (var person in staff)
            {
                Assert.DoesNotContain(person.LastName, text, StringComparison.Ordinal);
                Assert.DoesNotContain(person.Email, text, StringComparison.Ordinal);
            }
            Assert.DoesNotContain(learner.Email, text, StringComparison.Ordinal);
        }
    }

    [Theory, DatabaseData]
    public async Task Provider_invites_another_practice_administrator(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var client = await app.SignInAsync(await app.CreateAccountAsync(null, Roles.ProviderAdmin));
        var email = TestData.UniqueEmail("second-admin");
        var url = $"/provider/practices/{practice.PracticeId}";

        var response = await client.PostAsync(url + "?handler=Invite", url, F("Invite.Name", "Sam Second"), F("Invite.Email", email));

        AssertRedirect(response, url);
        var invitation = Assert.Single(await app.InvitationsToAsync(email));
        Assert.Equal(practice.PracticeId, invitation.PracticeId);
        Assert.Contains(Roles.PracticeAdmin, invitation.RoleList);
        Assert.Contains(email, await client.TextAsync(url), StringComparison.Ordinal);
        Assert.Equal(1, await app.DeliverEmailsAsync());
        Assert.Contains(practice.Name, Assert.Single(SmtpSink.To(email)).Subject, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/provider/practices/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/provider/practices/{Guid.NewGuid()}?handler=Invite", url, F("Invite.Name", "X"), F("Invite.Email", TestData.UniqueEmail()))).StatusCode);
    }

    [Theory, DatabaseData]
    public async Task Provider_invites_another_provider_administrator(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var client = await app.SignInAsync(await app.CreateAccountAsync(null, Roles.ProviderAdmin));
        var email = TestData.UniqueEmail("colleague");

        var response = await client.PostAsync("/provider/administrators", "/provider/administrators", F("Invite.Name", "Casey Colleague"), F("Invite.Email", email));

        AssertRedirect(response, "/provider/administrators");
        var invitation = Assert.Single(await app.InvitationsToAsync(email));
        Assert.Null(invitation.PracticeId);
        Assert.Equal(new[] { Roles.ProviderAdmin }, invitation.RoleList);
        Assert.Single(await app.AuditAsync(Guid.Empty, "invitation.sent"), e => e.TargetId == invitation.Id.ToString());
        var page = await client.TextAsync("/provider/administrators");
        Assert.Contains(email, page, StringComparison.Ordinal);
        Assert.Contains("Test ProviderAdmin", page, StringComparison.Ordinal);
        Assert.Equal(1, await app.DeliverEmailsAsync());
        InvitationLink(Assert.Single(SmtpSink.To(email)));
    }

    [Theory, DatabaseData]
    public async Task Installation_audit_log_shows_onboarding_and_verifies_intact(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var client = await app.SignInAsync(await app.CreateAccountAsync(null, Roles.ProviderAdmin));
        var name = TestData.Unique("Audited Practice");
        await client.PostAsync("/provider/practices/new", "/provider/practices/new",
            F("Input.Name", name), F("Input.StateCode", "TX"), F("Input.TimeZoneId", "America/Chicago"),
            F("Input.Sites", "Only Clinic"), F("Input.AdminName", "Pat Admin"), F("Input.AdminEmail", TestData.UniqueEmail()));

        var log = await client.GetPageAsync("/audit/installation");

        var row = Assert.Single(log.QuerySelectorAll("#audit-entries tbody tr"), r => r.TextContent.Contains("practice.created", StringComparison.Ordinal));
        Assert.Contains($"Practice: {name}", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("UTC", row.TextContent, StringComparison.Ordinal);
        AssertRedirect(await client.PostAsync("/audit/installation?handler=Verify", "/audit/installation"), "/audit/installation");
        Assert.Contains("The audit chain is intact", (await client.GetPageAsync("/audit/installation")).Text("#audit-report"), StringComparison.Ordinal);
        Assert.Single(await app.AuditAsync(Guid.Empty, "audit.verified"));
    }
}
