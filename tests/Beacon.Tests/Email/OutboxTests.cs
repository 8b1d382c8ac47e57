using Beacon.Data;
using Beacon.Features.Email;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Tests.Email;

public sealed class OutboxTests
{
    private static async Task<Guid> QueueAsync(BeaconApp app, Guid practiceId, string to)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActForPractice(practiceId);
        var message = scope.ServiceProvider.GetRequiredService<Outbox>().Add(practiceId, to, "Pat Doe", "test",
            EmailTemplate.Build("Hello from Beacon", "Pat Doe", ["A paragraph."], "Open Beacon", "http://localhost/", "Footnote."));
        await scope.ServiceProvider.GetRequiredService<BeaconDbContext>().SaveChangesAsync();
        return message.Id;
    }

    private static Task<OutboxMessage> ReadAsync(BeaconApp app, Guid id) =>
        app.WithDbAsync(db => db.OutboxMessages.All().AsNoTracking().SingleAsync(m => m.Id == id));

    [Theory, DatabaseData]
    public async Task A_message_is_delivered_once_with_a_message_id_derived_from_its_outbox_row(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var to = TestData.UniqueEmail("mail");
        var id = await QueueAsync(app, practice.PracticeId, to);

        Assert.Equal(1, await app.DeliverEmailsAsync());
        Assert.Equal(0, await app.DeliverEmailsAsync());

        var received = Assert.Single(SmtpSink.To(to));
        Assert.Equal($"{id:N}@beacon.test", received.MessageId);
        Assert.Equal("Hello from Beacon", received.Subject);
        Assert.NotNull(received.HtmlBody);
        Assert.NotNull(received.TextBody);
        var stored = await ReadAsync(app, id);
        Assert.Equal(OutboxStatus.Sent, stored.Status);
        Assert.Null(stored.HtmlBody);
        Assert.Null(stored.TextBody);
    }

    [Theory, DatabaseData]
    public async Task Two_senders_running_at_once_deliver_each_message_once(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var recipients = Enumerable.Range(0, 12).Select(_ => TestData.UniqueEmail("race")).ToList();
        foreach (var to in recipients)
        {
            await QueueAsync(app, practice.PracticeId, to);
        }

        var sent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.DeliverEmailsAsync()));

        Assert.Equal(12, sent.Sum());
        Assert.All(recipients, to => Assert.Single(SmtpSink.To(to)));
    }

    [Theory, DatabaseData]
    public async Task An_unreachable_server_is_retried_with_growing_delays(DatabaseProvider provider)
    {
        // Nothing listens on port 1.
        await using var app = await BeaconApp.StartAsync(provider, a => a.WithSetting("Smtp:Port", "1"));
        var practice = await app.CreatePracticeAsync();
        var id = await QueueAsync(app, practice.PracticeId, TestData.UniqueEmail("retry"));
        var start = app.Time.GetUtcNow().UtcDateTime;

        Assert.Equal(0, await app.DeliverEmailsAsync());
        var first = await ReadAsync(app, id);
        Assert.Equal(OutboxStatus.Pending, first.Status);
        Assert.Equal(1, first.Attempts);
        Assert.Equal(start + TimeSpan.FromSeconds(30), first.NextAttemptAt);
        Assert.Contains("Could not reach the mail server", first.LastError, StringComparison.Ordinal);

        // Not retried before its time.
        Assert.Equal(0, await app.DeliverEmailsAsync());
        Assert.Equal(1, (await ReadAsync(app, id)).Attempts);

        app.Time.Advance(TimeSpan.FromSeconds(31));
        await app.DeliverEmailsAsync();
        var second = await ReadAsync(app, id);
        Assert.Equal(2, second.Attempts);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(1), second.NextAttemptAt);
    }

    [Theory, DatabaseData]
    public async Task A_refusal_by_the_mail_server_is_a_permanent_failure_with_its_reason(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var to = TestData.UniqueEmail("refused");
        SmtpSink.Refuse(to, 1);
        var id = await QueueAsync(app, practice.PracticeId, to);

        await app.DeliverEmailsAsync();
        app.Time.Advance(TimeSpan.FromHours(2));
        await app.DeliverEmailsAsync();

        var stored = await ReadAsync(app, id);
        Assert.Equal(OutboxStatus.Failed, stored.Status);
        Assert.Equal(1, stored.Attempts);
        Assert.Contains("refused the message (550)", stored.LastError, StringComparison.Ordinal);
        Assert.Empty(SmtpSink.To(to));
    }

    [Theory, DatabaseData]
    public async Task A_message_left_mid_send_by_a_dead_node_is_taken_over_after_its_lease(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var to = TestData.UniqueEmail("lease");
        var id = await QueueAsync(app, practice.PracticeId, to);
        var now = app.Time.GetUtcNow().UtcDateTime;
        // As a sender that claimed the message and then died would leave it.
        await app.WithDbAsync(db => db.OutboxMessages.All().Where(m => m.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, OutboxStatus.Sending).SetProperty(m => m.LeaseUntil, now.AddMinutes(2)).SetProperty(m => m.Attempts, 1)));

        Assert.Equal(0, await app.DeliverEmailsAsync());
        app.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await app.DeliverEmailsAsync());

        Assert.Single(SmtpSink.To(to));
        Assert.Equal(2, (await ReadAsync(app, id)).Attempts);
    }
}
