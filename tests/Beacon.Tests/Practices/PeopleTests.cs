using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;
using static Beacon.Tests.Practices.AdminTestSupport;

namespace Beacon.Tests.Practices;

public sealed class PeopleTests
{
    [Theory, DatabaseData]
    public async Task Invitation_writes_one_invitation_and_one_email_that_arrives_with_a_link(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync();
        var email = TestData.UniqueEmail("invitee");

        var response = await client.InviteAsync(email, "Riley Invitee", Roles.Learner, Roles.Instructor);

        AssertRedirect(response, "/practice/people");
        var invitation = Assert.Single(await app.InvitationsToAsync(email));
        Assert.Equal(practice.PracticeId, invitation.PracticeId);
        Assert.Equal("Riley Invitee", invitation.DisplayName);
        Assert.Equal(new[] { "Instructor", "Learner" }, invitation.RoleList.Order(StringComparer.Ordinal));
        var message = Assert.Single(await app.MessagesToAsync(email));
        Assert.Equal(practice.PracticeId, message.PracticeId);
        Assert.Single(await app.AuditAsync(practice.PracticeId, "invitation.sent"));

        Assert.Equal(1, await app.DeliverEmailsAsync());
        var delivered = Assert.Single(SmtpSink.To(email));
        var (link, token) = InvitationLink(delivered);
        Assert.Equal(invitation.TokenHash, InvitationService.Hash(token));
        Assert.StartsWith("http://localhost/account/accept-invitation?token=", link, StringComparison.Ordinal);

        var page = await client.TextAsync("/practice/people");
        Assert.Contains(email, page, StringComparison.Ordinal);
        Assert.Contains("Invitations not yet accepted (1)", page, StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task Invitation_links_the_roster_record_with_the_same_email(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync();
        var staffId = practice.StaffIds[1];
        var staffEmail = await app.WithDbAsync(db => db.StaffMembers.All().Where(s => s.Id == staffId).Select(s => s.Email).SingleAsync());

        AssertRedirect(await client.InviteAsync(staffEmail, "Linked Person", Roles.Learner), "/practice/people");

        Assert.Equal(staffId, Assert.Single(await app.InvitationsToAsync(staffEmail)).StaffMemberId);
    }

    [Theory, DatabaseData]
    public async Task Invitation_with_the_staff_member_picked_links_that_record(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync();
        var email = TestData.UniqueEmail("personal");
        var page = await client.GetPageAsync("/practice/people");
        Assert.Equal(practice.StaffIds.Length, page.QuerySelectorAll("#Invite_StaffMemberId option").Length - 1);

        var response = await client.PostFormAsync("/practice/people?handler=Invite",
            [F("Invite.Email", email), F("Invite.DisplayName", "Picked Person"), F("Invite.Roles", Roles.Learner), F("Invite.StaffMemberId", practice.StaffIds[0].ToString())],
            "/practice/people");

        AssertRedirect(response, "/practice/people");
        Assert.Equal(practice.StaffIds[0], Assert.Single(await app.InvitationsToAsync(email)).StaffMemberId);
    }

    [Theory, DatabaseData]
    public async Task Invitation_with_missing_fields_explains_each_and_writes_nothing(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync();

        var response = await client.PostFormAsync("/practice/people?handler=Invite", [F("Invite.Email", "not-an-address"), F("Invite.DisplayName", " ")], "/practice/people");

        app.AssertOk(response);
        var page = await ParseAsync(response);
        Assert.Contains("valid email address", page.Text("#invite-email-error"), StringComparison.Ordinal);
        Assert.Contains("Enter the person's name", page.Text("#invite-name-error"), StringComparison.Ordinal);
        Assert.Contains("at least one role", page.Text("#invite-roles-error"), StringComparison.Ordinal);
        Assert.Equal("not-an-address", page.QuerySelector("#Invite_Email")?.GetAttribute("value"));
        Assert.Equal("true", page.QuerySelector("#Invite_Email")?.GetAttribute("aria-invalid"));
        Assert.Null(page.QuerySelector("#Invite_StaffMemberId")?.GetAttribute("aria-invalid"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Invitations.CountAsync(i => i.PracticeId == practice.PracticeId)));
        Assert.Equal(0, await app.WithDbAsync(db => db.OutboxMessages.All().CountAsync(m => m.PracticeId == practice.PracticeId)));
    }

    [Theory, DatabaseData]
    public async Task Practice_administrator_cannot_hand_out_the_provider_role(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (_, _, client) = await app.SignedInAdminAsync();
        var email = TestData.UniqueEmail("climber");

        var response = await client.InviteAsync(email, "Would Be Provider", Roles.ProviderAdmin);

        app.AssertOk(response);
        Assert.Contains("at least one role from the list", (await ParseAsync(response)).Text("#invite-roles-error"), StringComparison.Ordinal);
        Assert.Empty(await app.InvitationsToAsync(email));
    }

    [Theory, DatabaseData]
    public async Task Invitation_to_an_address_that_has_an_account_shows_why_it_was_not_sent(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync();
        var existing = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);

        var response = await client.InviteAsync(existing.Email, "Already Here", Roles.Learner);

        app.AssertOk(response);
        Assert.Contains("already has a Beacon account", (await ParseAsync(response)).Text("#invite-error"), StringComparison.Ordinal);
        Assert.Empty(await app.InvitationsToAsync(existing.Email));
        Assert.Empty(await app.MessagesToAsync(existing.Email));
    }

    [Theory, DatabaseData]
    public async Task Withdrawn_invitation_stops_working_and_leaves_the_list(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync();
        var email = TestData.UniqueEmail("withdrawn");
        await client.InviteAsync(email, "Changed Mind", Roles.Learner);
        var invitation = Assert.Single(await app.InvitationsToAsync(email));

        var response = await client.PostAsync($"/practice/people/invitations/{invitation.Id}/revoke", "/practice/people");

        AssertRedirect(response, "/practice/people");
        Assert.NotNull(Assert.Single(await app.InvitationsToAsync(email)).RevokedAt);
        Assert.Single(await app.AuditAsync(practice.PracticeId, "invitation.revoked"));
        var page = await client.TextAsync("/practice/people");
        Assert.Contains("was withdrawn", page, StringComparison.Ordinal);
        Assert.Contains("Invitations not yet accepted (0)", page, StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task Sending_again_replaces_the_link_with_a_new_one(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync();
        var email = TestData.UniqueEmail("resent");
        await client.InviteAsync(email, "Lost Email", Roles.Learner, Roles.Auditor);
        var first = Assert.Single(await app.InvitationsToAsync(email));

        var response = await client.PostAsync($"/practice/people/invitations/{first.Id}/resend", "/practice/people");

        AssertRedirect(response, "/practice/people");
        var invitations = await app.InvitationsToAsync(email);
        Assert.Equal(2, invitations.Count);
        Assert.NotNull(invitations.Single(i => i.Id == first.Id).RevokedAt);
        var second = invitations.Single(i => i.Id != first.Id);
        Assert.Null(second.RevokedAt);
        Assert.Equal(first.Roles, second.Roles);
        Assert.NotEqual(first.TokenHash, second.TokenHash);
        Assert.Equal(2, (await app.MessagesToAsync(email)).Count);
        Assert.Equal(2, (await app.AuditAsync(practice.PracticeId, "invitation.sent")).Count);
    }
}
