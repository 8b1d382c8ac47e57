using System.Text.RegularExpressions;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Security;

public sealed partial class LogSecrecyTests
{
    [Theory, DatabaseData]
    public async Task Passwords_tokens_and_links_never_reach_the_logs(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin);

        // A failed and a successful sign-in, a reset request, and an invitation accepted.
        await new AccountClient(app).SignInAsync(account.Email, "wrong password for the log test");
        await app.SignInAsync(account);
        await app.NewClient().PostFormAsync("/account/forgot-password", [F("Email", account.Email)]);
        var invitee = TestData.UniqueEmail("logged");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActForPractice(practice.PracticeId);
            await scope.ServiceProvider.GetRequiredService<InvitationService>().InviteAsync(practice.PracticeId, invitee, "Logged Person", [Roles.Learner], null, CancellationToken.None);
        }
        await app.DeliverEmailsAsync();
        var invitation = Assert.Single(SmtpSink.To(invitee));
        var token = TokenInLink().Match(invitation.TextBody!).Groups[1].Value;
        var reset = Assert.Single(SmtpSink.To(account.Email));
        var resetToken = TokenInLink().Match(reset.TextBody!).Groups[1].Value;
        await app.NewClient().PostFormAsync($"/account/accept-invitation?token={token}", [F("Password", "a perfectly good long password"), F("Confirm", "a perfectly good long password")]);

        var logs = string.Join("\n", app.Logs);
        Assert.NotEmpty(token);
        Assert.NotEmpty(resetToken);
        Assert.DoesNotContain(account.Password, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong password for the log test", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("a perfectly good long password", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.UnescapeDataString(resetToken), logs, StringComparison.Ordinal);
        Assert.DoesNotContain(resetToken, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(invitee, logs, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"token=([^\s&]+)")]
    private static partial Regex TokenInLink();
}
