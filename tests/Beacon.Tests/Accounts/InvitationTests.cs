using System.Net;
using System.Text.RegularExpressions;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Accounts;

public sealed partial class InvitationTests
{
    private static async Task<string> InviteAsync(BeaconApp app, Guid practiceId, string email, params string[] roles)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActForPractice(practiceId);
        var outcome = await scope.ServiceProvider.GetRequiredService<InvitationService>()
            .InviteAsync(practiceId, email, "Invited Person", roles, null, CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(1, await app.DeliverEmailsAsync());
        var message = Assert.Single(SmtpSink.To(email));
        var link = InvitationLink().Match(message.TextBody!).Value;
        Assert.NotEmpty(link);
        return new Uri(link).PathAndQuery;
    }

    [Theory, DatabaseData]
    public async Task An_invitation_email_creates_an_account_with_its_roles_once(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var email = TestData.UniqueEmail("invitee");
        var link = await InviteAsync(app, practice.PracticeId, email, Roles.Instructor, Roles.Learner);

        var client = app.NewClient();
        var form = await client.GetPageAsync(link);
        Assert.Contains(email, form.Body!.TextContent, StringComparison.Ordinal);
        var created = await client.PostFormAsync(link, [F("Password", TestData.Password), F("Confirm", TestData.Password)]);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        Assert.Equal(practice.PracticeId, user.PracticeId);
        var roles = await app.WithDbAsync(db => db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync());
        Assert.Equal([Roles.Instructor, Roles.Learner], roles.Order());

        // The link works once.
        var again = await app.NewClient().GetPageAsync(link);
        Assert.Contains(AcceptInvitationModel.InvalidLink, again.Body!.TextContent, StringComparison.Ordinal);
        var replay = await app.NewClient().PostFormAsync(link, [F("Password", TestData.Password + "x"), F("Confirm", TestData.Password + "x")], tokenPage: "/account/sign-in");
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == email)));
    }

    [Theory, DatabaseData]
    public async Task An_invitation_expires_after_seven_days(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var email = TestData.UniqueEmail("late");
        var link = await InviteAsync(app, practice.PracticeId, email, Roles.Learner);

        app.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var page = await app.NewClient().GetPageAsync(link);

        Assert.Contains(AcceptInvitationModel.InvalidLink, page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task A_weak_password_is_refused_with_its_reason_and_the_invitation_stays_open(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var email = TestData.UniqueEmail("weak");
        var link = await InviteAsync(app, practice.PracticeId, email, Roles.Learner);
        var client = app.NewClient();

        var response = await client.PostFormAsync(link, [F("Password", "passwordpassword"), F("Confirm", "passwordpassword")]);
        var page = await ParseAsync(response);

        Assert.Contains("common or breached", page.Text("#password-errors"), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == email)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(link, [F("Password", TestData.Password), F("Confirm", TestData.Password)])).StatusCode);
    }

    [Theory, DatabaseData]
    public async Task A_newer_invitation_replaces_the_older_link(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var email = TestData.UniqueEmail("twice");
        var first = await InviteAsync(app, practice.PracticeId, email, Roles.Learner);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActForPractice(practice.PracticeId);
            await scope.ServiceProvider.GetRequiredService<InvitationService>().InviteAsync(practice.PracticeId, email, "Invited Person", [Roles.Learner], null, CancellationToken.None);
        }

        var page = await app.NewClient().GetPageAsync(first);

        Assert.Contains(AcceptInvitationModel.InvalidLink, page.Body!.TextContent, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"http://localhost/account/accept-invitation\?token=[A-Za-z0-9_\-%]+")]
    private static partial Regex InvitationLink();
}
