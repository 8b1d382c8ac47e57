using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Email;
using Beacon.Tests.Infrastructure;
using static Beacon.Tests.Practices.AdminTestSupport;

namespace Beacon.Tests.Practices;

public sealed class EmailStatusTests
{
    [Theory, DatabaseData]
    public async Task Undelivered_email_shows_why_and_sending_it_again_delivers_it(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync();
        var email = TestData.UniqueEmail("bounce");
        await client.InviteAsync(email, "Typo Address", Roles.Learner);
        SmtpSink.Refuse(email, 1);
        await app.DeliverEmailsAsync();
        var failed = Assert.Single(await app.MessagesToAsync(email));
        Assert.Equal(OutboxStatus.Failed, failed.Status);

        var page = await client.GetPageAsync("/practice/email?status=failed");

        var row = Assert.Single(page.QuerySelectorAll("tbody tr"));
        Assert.Contains(email, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Not delivered", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("does not exist or does not accept mail", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("(550)", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 email could not be delivered", page.Text(), StringComparison.Ordinal);

        var retry = await client.PostAsync($"/practice/email/{failed.Id}/retry", "/practice/email");

        AssertRedirect(retry, "/practice/email");
        var queued = Assert.Single(await app.MessagesToAsync(email));
        Assert.Equal((OutboxStatus.Pending, 0), (queued.Status, queued.Attempts));
        Assert.Single(await app.AuditAsync(practice.PracticeId, "email.retried"));
        Assert.Equal(1, await app.DeliverEmailsAsync());
        Assert.Single(SmtpSink.To(email));
        Assert.Equal(OutboxStatus.Sent, Assert.Single(await app.MessagesToAsync(email)).Status);
        var after = await client.GetPageAsync("/practice/email");
        Assert.Contains("Sent", Assert.Single(after.QuerySelectorAll("tbody tr"), r => r.TextContent.Contains(email, StringComparison.Ordinal)).TextContent, StringComparison.Ordinal);
        Assert.Empty((await client.GetPageAsync("/practice/email?status=failed")).QuerySelectorAll("tbody tr"));
    }

    [Theory, DatabaseData]
    public async Task Only_undelivered_email_is_sent_again(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync();
        var email = TestData.UniqueEmail("delivered");
        await client.InviteAsync(email, "Got It", Roles.Learner);
        await app.DeliverEmailsAsync();
        var sent = Assert.Single(await app.MessagesToAsync(email));

        var response = await client.PostAsync($"/practice/email/{sent.Id}/retry", "/practice/email");

        AssertRedirect(response, "/practice/email");
        Assert.Equal(OutboxStatus.Sent, Assert.Single(await app.MessagesToAsync(email)).Status);
        Assert.Empty(await app.AuditAsync(practice.PracticeId, "email.retried"));
        Assert.Equal(0, await app.DeliverEmailsAsync());
        Assert.Single(SmtpSink.To(email));
    }

    [Theory, DatabaseData]
    public async Task Email_page_lists_newest_first_in_the_practice_time_zone(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (_, _, client) = await app.SignedInAdminAsync();
        var first = TestData.UniqueEmail("first");
        var second = TestData.UniqueEmail("second");
        await client.InviteAsync(first, "First Person", Roles.Learner);
        app.Time.Advance(TimeSpan.FromMinutes(20));
        await client.InviteAsync(second, "Second Person", Roles.Learner);

        var rows = (await client.GetPageAsync("/practice/email")).QuerySelectorAll("tbody tr");

        Assert.Equal(2, rows.Length);
        Assert.Contains(second, rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Mar 2, 2026, 9:20 AM CST", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Waiting to send", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains(first, rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Mar 2, 2026, 9:00 AM CST", rows[1].TextContent, StringComparison.Ordinal);
    }
}
