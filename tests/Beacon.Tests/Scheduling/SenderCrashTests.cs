using System.Diagnostics;
using System.Globalization;
using Beacon.Data;
using Beacon.Features.Email;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Tests.Scheduling;

/// <summary>
/// The outbox sender as a child process (<c>Beacon.dll outbox send</c>) against the real SMTP server in this
/// process, killed with SIGKILL at random moments while it sends and restarted each time, until every message
/// is out. BEACON_CRASH_KILLS sets the number of kills (30 by default; bench/crash-sender.sh runs 100).
/// </summary>
public sealed class SenderCrashTests
{
    [Theory, DatabaseData]
    public async Task A_sender_killed_at_random_moments_loses_nothing_and_repeats_only_what_a_kill_interrupted(DatabaseProvider provider)
    {
        var cancel = TestContext.Current.CancellationToken;
        var targetKills = int.TryParse(Environment.GetEnvironmentVariable("BEACON_CRASH_KILLS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) && k > 0 ? k : 30;
        var count = targetKills * 20;
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var to = TestData.UniqueEmail("crash");
        var queued = await app.WithDbAsync(async db =>
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            var messages = Enumerable.Range(0, count).Select(i => new OutboxMessage
            {
                PracticeId = practice.PracticeId, ToAddress = to, ToName = "Pat Doe", Kind = "crash-test", Subject = $"Message {i}",
                TextBody = $"Body {i}", Status = OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now,
            }).ToList();
            db.OutboxMessages.AddRange(messages);
            await db.SaveChangesAsync();
            return messages.Select(m => m.Id).ToHashSet();
        });

        var random = new Random(Environment.TickCount);
        var kills = 0;
        var runs = 0;
        var clock = Stopwatch.StartNew();
        var finished = false;
        while (!finished)
        {
            runs++;
            using var child = StartSender(app);
            // Until it starts sending (or exits).
            await child.WaitForLineAsync(line => line.StartsWith("outbox: sending", StringComparison.Ordinal)).WaitAsync(TimeSpan.FromSeconds(120), cancel);
            if (kills < targetKills)
            {
                // A random moment while it sends: between claims, mid-SMTP, between acceptance and the commit.
                await Task.Delay(random.Next(0, 120), cancel);
                if (!child.Process.HasExited)
                {
                    child.Process.Kill(); // SIGKILL: no shutdown code runs
                    await child.Process.WaitForExitAsync(cancel);
                    kills++;
                    continue;
                }
            }
            // Enough kills (or it finished first): let it drain the rest, waiting out the leases the kills left.
            await child.Process.WaitForExitAsync(cancel).WaitAsync(TimeSpan.FromMinutes(5), cancel);
            Assert.True(child.Process.ExitCode == 0, $"outbox send exited with {child.Process.ExitCode}: {child.Output}");
            finished = true;
        }

        var rows = await app.WithDbAsync(db => db.OutboxMessages.All().AsNoTracking().Where(m => m.ToAddress == to).ToListAsync());
        var received = SmtpSink.To(to).GroupBy(m => m.MessageId ?? "", StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var duplicates = received.Values.Sum(n => n - 1);
        var report = $"Sender crash test ({provider}): {count} messages, {kills} SIGKILLs over {runs} sender runs in {clock.Elapsed.TotalSeconds:F0} s; " +
                     $"outbox rows {rows.Count} (sent {rows.Count(r => r.Status == OutboxStatus.Sent)}), distinct Message-IDs received {received.Count}, " +
                     $"SMTP duplicates {duplicates} (bound: kills = {kills})";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        if (Environment.GetEnvironmentVariable("BEACON_CRASH_REPORT") is { Length: > 0 } reportFile)
        {
            await File.AppendAllTextAsync(reportFile, report + Environment.NewLine, cancel);
        }

        Assert.True(kills >= targetKills, $"Only {kills} kills landed while sending; queue more messages. {report}");
        // No outbox row lost or doubled, every one marked sent.
        Assert.Equal(count, rows.Count);
        Assert.True(queued.SetEquals(rows.Select(r => r.Id)), "The outbox rows are not the ones queued.");
        Assert.All(rows, r => Assert.Equal(OutboxStatus.Sent, r.Status));
        // Every message delivered at least once, and nothing that was not queued.
        var expectedIds = queued.Select(id => SmtpTransport.MessageIdFor(id, "beacon@beacon.test")).ToHashSet(StringComparer.Ordinal);
        Assert.True(expectedIds.SetEquals(received.Keys), $"Delivered Message-IDs differ from the queued ones. {report}");
        // A repeat only comes from a kill between SMTP acceptance and the commit: at most one per kill.
        Assert.True(duplicates <= kills, report);
    }

    private static BeaconProcess StartSender(BeaconApp app) => BeaconProcess.Start(app,
    [
        "outbox", "send",
        // A killed sender's message is taken over after this (production: 2 minutes).
        "--Smtp:LeaseDuration=00:00:02",
        "--Smtp:PollInterval=00:00:01",
        "--Scheduling:Enabled=false",
        "--Logging:LogLevel:Default=Warning",
    ]);
}
