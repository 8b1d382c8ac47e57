using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;
using static Beacon.Tests.Practices.AdminTestSupport;

namespace Beacon.Tests.Practices;

public sealed class AccessTests
{
    [Theory, DatabaseData]
    public async Task Learners_instructors_and_auditors_are_refused_the_administration_pages(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, admin, adminClient) = await app.SignedInAdminAsync();
        await adminClient.InviteAsync(TestData.UniqueEmail("pending"), "Pending Person", Roles.Learner);
        var invitationId = await app.WithDbAsync(db => db.Invitations.Where(i => i.PracticeId == practice.PracticeId).Select(i => i.Id).SingleAsync());
        var messageId = await app.WithDbAsync(db => db.OutboxMessages.All().Where(m => m.PracticeId == practice.PracticeId).Select(m => m.Id).SingleAsync());
        string[] adminPages =
        [
            "/practice",
            "/practice/people",
            $"/practice/people/{admin.UserId}",
            "/practice/settings",
            $"/practice/sites/{practice.SiteIds[0]}",
            "/practice/email",
            $"/practice/people/invitations/{invitationId}/revoke",
            $"/practice/email/{messageId}/retry",
            "/provider/practices",
            "/provider/practices/new",
            $"/provider/practices/{practice.PracticeId}",
            "/provider/administrators",
            "/audit/installation",
        ];

        foreach (var roles in new[] { new[] { Roles.Learner }, [Roles.Instructor, Roles.Learner], [Roles.Auditor] })
        {
            var client = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, roles));
            foreach (var page in adminPages)
            {
                AssertRedirectStartsWith(await client.GetAsync(page), "/account/access-denied");
            }
            var canAudit = roles.Contains(Roles.Auditor);
            var audit = await client.GetAsync("/audit");
            if (canAudit)
            {
                app.AssertOk(audit);
            }
            else
            {
                AssertRedirectStartsWith(audit, "/account/access-denied");
            }
        }
    }

    [Theory, DatabaseData]
    public async Task A_learner_posting_administration_forms_is_refused_and_nothing_changes(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, admin, _) = await app.SignedInAdminAsync();
        var learner = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var client = await app.SignInAsync(learner);
        var auditBefore = await app.WithDbAsync(db => db.AuditEntries.All().CountAsync(e => e.PracticeId == practice.PracticeId));

        // Tokens come from the start page, which a learner can open.
        AssertRedirectStartsWith(await client.PostAsync("/practice/people?handler=Invite", "/",
            F("Invite.Email", TestData.UniqueEmail("sneaky")), F("Invite.DisplayName", "Sneaky"), F("Invite.Roles", Roles.PracticeAdmin)), "/account/access-denied");
        AssertRedirectStartsWith(await client.PostAsync($"/practice/people/{learner.UserId}?handler=Roles", "/", F("SelectedRoles", Roles.PracticeAdmin)), "/account/access-denied");
        AssertRedirectStartsWith(await client.PostAsync($"/practice/people/{admin.UserId}?handler=Disable", "/"), "/account/access-denied");
        AssertRedirectStartsWith(await client.PostAsync("/practice/settings?handler=AddSite", "/", F("NewSiteName", "Shadow Clinic")), "/account/access-denied");
        AssertRedirectStartsWith(await client.PostAsync("/provider/practices/new", "/", F("Input.Name", "Shadow Practice")), "/account/access-denied");

        Assert.Equal(0, await app.WithDbAsync(db => db.Invitations.CountAsync(i => i.PracticeId == practice.PracticeId)));
        Assert.Equal(new[] { Roles.Learner }, await app.RolesOfAsync(learner.UserId));
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == admin.UserId).Select(u => u.Disabled).SingleAsync()));
        Assert.Equal(2, await app.WithDbAsync(db => db.Sites.All().CountAsync(s => s.PracticeId == practice.PracticeId)));
        Assert.Equal(auditBefore, await app.WithDbAsync(db => db.AuditEntries.All().CountAsync(e => e.PracticeId == practice.PracticeId)));
    }

    [Theory, DatabaseData]
    public async Task Practice_and_provider_administrators_each_stay_on_their_own_side(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (_, _, practiceAdmin) = await app.SignedInAdminAsync();
        var providerAdmin = await app.SignInAsync(await app.CreateAccountAsync(null, Roles.ProviderAdmin));

        foreach (var page in new[] { "/provider/practices", "/provider/practices/new", "/provider/administrators", "/audit/installation" })
        {
            AssertRedirectStartsWith(await practiceAdmin.GetAsync(page), "/account/access-denied");
            app.AssertOk(await providerAdmin.GetAsync(page));
        }
        foreach (var page in new[] { "/practice/people", "/practice/settings", "/practice/email", "/audit" })
        {
            AssertRedirectStartsWith(await providerAdmin.GetAsync(page), "/account/access-denied");
            app.AssertOk(await practiceAdmin.GetAsync(page));
        }
    }

    [Theory, DatabaseData]
    public async Task Someone_not_signed_in_is_sent_to_sign_in(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var client = app.NewClient();

        foreach (var page in new[] { "/practice/people", "/practice/settings", "/practice/email", "/audit", "/provider/practices", "/provider/administrators" })
        {
            AssertRedirectStartsWith(await client.GetAsync(page), "/account/sign-in");
        }
    }

    [Theory, DatabaseData]
    public async Task A_post_that_names_no_form_of_the_page_is_a_bad_request_and_never_a_blank_page(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, admin, client) = await app.SignedInAdminAsync();
        var other = await app.CreatePracticeAsync();
        var providerClient = await app.SignInAsync(await app.CreateAccountAsync(null, Roles.ProviderAdmin));

        foreach (var url in new[] { "/practice/people", $"/practice/people/{admin.UserId}", "/practice/settings", $"/practice/sites/{practice.SiteIds[0]}", "/practice/email", "/audit" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(url, "/practice/people")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(url + "?handler=Unknown", "/practice/people")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/practice/sites/{other.SiteIds[0]}", "/practice/people")).StatusCode);
        foreach (var url in new[] { "/provider/practices", $"/provider/practices/{practice.PracticeId}", "/audit/installation" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await providerClient.PostAsync(url, "/provider/practices")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await providerClient.PostAsync($"/provider/practices/{Guid.NewGuid()}", "/provider/practices")).StatusCode);
    }

    [Theory, DatabaseData]
    public async Task Mangled_page_numbers_and_dates_get_a_page_and_a_reason_never_an_error(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (_, _, client) = await app.SignedInAdminAsync();

        foreach (var url in new[] { "/practice/people?p=abc", "/practice/people?p=2147483647&q=%25_", "/practice/email?p=-5&status=bogus", "/audit?p=99999999999", "/audit?action=%25&p=0" })
        {
            app.AssertOk(await client.GetAsync(url));
        }
        Assert.Contains("Enter the first day as a date", (await client.GetPageAsync("/audit?from=yesterday")).Text("#from-error"), StringComparison.Ordinal);
        Assert.Contains("Signed in", await client.TextAsync("/audit?p=abc"), StringComparison.Ordinal);
    }
}
