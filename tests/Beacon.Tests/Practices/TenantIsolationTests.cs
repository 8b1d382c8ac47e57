using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Email;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Practices;

public sealed class TenantIsolationTests
{
    [Theory, DatabaseData]
    public async Task Another_practices_ids_are_not_found_and_nothing_of_it_changes(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practiceA, _, clientA) = await app.SignedInAdminAsync();
        var (practiceB, adminB, clientB) = await app.SignedInAdminAsync();
        var learnerB = await app.CreateAccountAsync(practiceB.PracticeId, Roles.Learner);
        var learnerBClient = await app.SignInAsync(learnerB);
        var inviteeB = TestData.UniqueEmail("b-invitee");
        await clientB.InviteAsync(inviteeB, "B Invitee", Roles.Learner);
        var invitationB = Assert.Single(await app.InvitationsToAsync(inviteeB));
        SmtpSink.Refuse(inviteeB, 1);
        await app.DeliverEmailsAsync();
        var messageB = Assert.Single(await app.MessagesToAsync(inviteeB));
        Assert.Equal(OutboxStatus.Failed, messageB.Status);
        var siteB = practiceB.SiteIds[0];
        var before = await SnapshotAsync(app, practiceB.PracticeId);

        string[] gets =
        [
            $"/practice/people/{learnerB.UserId}",
            $"/practice/people/{adminB.UserId}",
            $"/practice/sites/{siteB}",
            $"/practice/people/invitations/{invitationB.Id}/revoke",
            $"/practice/people/invitations/{invitationB.Id}/resend",
            $"/practice/email/{messageB.Id}/retry",
        ];
        foreach (var url in gets)
        {
            Assert.True((await clientA.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, $"GET {url} should be 404");
        }
        (string Url, KeyValuePair<string, string>[] Fields)[] posts =
        [
            ($"/practice/people/{learnerB.UserId}?handler=Roles", [F("SelectedRoles", Roles.Auditor)]),
            ($"/practice/people/{learnerB.UserId}?handler=Disable", []),
            ($"/practice/people/{learnerB.UserId}?handler=EndSessions", []),
            ($"/practice/people/{adminB.UserId}?handler=Roles", [F("SelectedRoles", Roles.Learner)]),
            ($"/practice/sites/{siteB}?handler=Rename", [F("Name", "Taken Over")]),
            ($"/practice/sites/{siteB}?handler=Deactivate", []),
            ($"/practice/people/invitations/{invitationB.Id}/revoke", []),
            ($"/practice/people/invitations/{invitationB.Id}/resend", []),
            ($"/practice/email/{messageB.Id}/retry", []),
        ];
        foreach (var (url, fields) in posts)
        {
            Assert.True((await clientA.PostAsync(url, "/practice/people", fields)).StatusCode == HttpStatusCode.NotFound, $"POST {url} should be 404");
        }

        Assert.Equal(before, await SnapshotAsync(app, practiceB.PracticeId));
        app.AssertOk(await learnerBClient.GetAsync("/"));
        var peopleA = await clientA.TextAsync("/practice/people");
        Assert.DoesNotContain(inviteeB, peopleA, StringComparison.Ordinal);
        Assert.DoesNotContain(learnerB.Email, peopleA, StringComparison.Ordinal);
        Assert.DoesNotContain(inviteeB, await clientA.TextAsync("/practice/email"), StringComparison.Ordinal);
        Assert.DoesNotContain(inviteeB, await clientA.TextAsync("/audit"), StringComparison.Ordinal);
        Assert.DoesNotContain(practiceB.Name, await clientA.TextAsync("/practice/settings"), StringComparison.Ordinal);
        Assert.NotEqual(practiceA.PracticeId, practiceB.PracticeId);
    }

    /// <summary>Everything of a practice the requests above could have touched, as one comparable value.</summary>
    private static Task<string> SnapshotAsync(BeaconApp app, Guid practiceId) => app.WithDbAsync(async db =>
    {
        var sites = (await db.Sites.All().AsNoTracking().Where(s => s.PracticeId == practiceId).OrderBy(s => s.Id).ToListAsync())
            .Select(s => $"{s.Id}:{s.Name}:{s.Active}");
        var users = (await db.Users.AsNoTracking().Where(u => u.PracticeId == practiceId).OrderBy(u => u.Id).ToListAsync())
            .Select(u => $"{u.Id}:{u.Disabled}:{u.SecurityStamp}");
        var roles = (await db.UserRoles.AsNoTracking().Where(r => db.Users.Any(u => u.Id == r.UserId && u.PracticeId == practiceId)).ToListAsync())
            .Select(r => $"{r.UserId}:{r.RoleId}").Order(StringComparer.Ordinal);
        var openSessions = await db.UserSessions.CountAsync(s => s.EndedAt == null && db.Users.Any(u => u.Id == s.UserId && u.PracticeId == practiceId));
        var invitations = (await db.Invitations.AsNoTracking().Where(i => i.PracticeId == practiceId).OrderBy(i => i.Id).ToListAsync())
            .Select(i => $"{i.Id}:{i.RevokedAt}");
        var messages = (await db.OutboxMessages.All().AsNoTracking().Where(m => m.PracticeId == practiceId).OrderBy(m => m.Id).ToListAsync())
            .Select(m => $"{m.Id}:{m.Status}:{m.Attempts}");
        var audit = await db.AuditEntries.All().CountAsync(e => e.PracticeId == practiceId);
        return string.Join("|", sites) + "#" + string.Join("|", users) + "#" + string.Join("|", roles) + "#" + openSessions + "#" +
            string.Join("|", invitations) + "#" + string.Join("|", messages) + "#" + audit;
    });
}
