using System.Collections.Concurrent;
using Beacon.Data;
using Beacon.Features.Email;
using Beacon.Features.Scheduling;
using Beacon.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Beacon.Tests.Scheduling;

public sealed class SchedulerTests
{
    [Theory, DatabaseData]
    public async Task The_scheduler_sends_the_outbox_and_readiness_follows_its_state(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider, a => a
            .WithRealClock()
            .WithSetting("Scheduling:Enabled", "true")
            .WithSetting("Smtp:SenderEnabled", "true")
            .WithSetting("Scheduling:Intervals:outbox", "00:00:01"));
        var practice = await app.CreatePracticeAsync();
        var to = TestData.UniqueEmail("scheduled");
        await app.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                PracticeId = practice.PracticeId, ToAddress = to, ToName = "Pat Doe", Kind = "test", Subject = "Scheduled",
                TextBody = "Hello", Status = OutboxStatus.Pending,
                CreatedAt = app.Time.GetUtcNow().UtcDateTime, NextAttemptAt = app.Time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
        });

        // Nobody calls the sender here: the scheduler's outbox work delivers it.
        await Eventually(() => SmtpSink.To(to).Count == 1, TimeSpan.FromSeconds(40), "the scheduled outbox run to deliver the message", app);
        using var client = app.NewClient();
        Assert.Equal("Healthy", await client.GetStringAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken));

        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);
        await scheduler.Standby(TestContext.Current.CancellationToken);
        var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Triggers_start_on_a_multiple_of_their_interval_so_every_node_computes_the_same_schedule()
    {
        var now = new DateTimeOffset(2026, 3, 2, 15, 7, 31, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 15, 0, TimeSpan.Zero), ScheduleRegistrar.NextBoundary(now, TimeSpan.FromMinutes(15)));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 7, 32, TimeSpan.Zero), ScheduleRegistrar.NextBoundary(now, TimeSpan.FromSeconds(2)));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 30, 0, TimeSpan.Zero), ScheduleRegistrar.NextBoundary(new DateTimeOffset(2026, 3, 2, 15, 15, 0, TimeSpan.Zero), TimeSpan.FromMinutes(15)));
    }

    /// <summary>
    /// Two Beacon nodes on one PostgreSQL database run a 2-second probe work. Every interval runs on exactly one
    /// node; then the next run hangs on whichever node took it, that node's scheduler is stopped abruptly
    /// (no waiting, no check-ins any more, its fired-trigger row left behind as after a crash), and the other
    /// node recovers the run (same fire time) and carries on with the schedule.
    /// </summary>
    [Theory, PostgresData]
    public async Task Each_interval_runs_on_one_node_and_a_dead_nodes_run_is_finished_by_the_other(DatabaseProvider provider)
    {
        var probe = new Probe();
        await using var nodeA = await BeaconApp.StartAsync(provider, a => Node(a, "node-a", probe));
        await using var nodeB = await BeaconApp.StartAsync(provider, b => Node(b, "node-b", probe).SharingDatabaseWith(nodeA));
        var nodes = new Dictionary<string, BeaconApp>(StringComparer.Ordinal) { ["node-a"] = nodeA, ["node-b"] = nodeB };

        // A healthy cluster: consecutive intervals, each run once.
        await Eventually(() => probe.Completed.Count >= 6, TimeSpan.FromSeconds(40), "six probe runs", nodeA, nodeB);
        var healthy = probe.Completed.ToArray().OrderBy(r => r.FireTime).ToList();
        Assert.Equal(healthy.Count, healthy.Select(r => r.FireTime).Distinct().Count());
        var steps = healthy.Zip(healthy.Skip(1), (x, y) => y.FireTime - x.FireTime).Distinct().ToList();
        Assert.Equal([TimeSpan.FromSeconds(2)], steps);

        // The next run hangs on whichever node takes it; that node then dies.
        probe.HangNext();
        var hung = await probe.Hung.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var dead = nodes[hung.Node];
        var survivor = nodes.Single(n => n.Key != hung.Node);
        var deadScheduler = await dead.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);
        await deadScheduler.Shutdown(waitForJobsToComplete: false, TestContext.Current.CancellationToken);

        try
        {
            await Eventually(() => probe.Completed.Any(r => r.FireTime == hung.FireTime), TimeSpan.FromSeconds(45), "the other node to recover the interrupted run", nodeA, nodeB);
            var recovered = Assert.Single(probe.Completed, r => r.FireTime == hung.FireTime);
            Assert.Equal(survivor.Key, recovered.Node);
            Assert.True(recovered.Recovering);

            // And the survivor keeps the schedule alone.
            await Eventually(() => probe.Completed.Count(r => r.FireTime > hung.FireTime) >= 2, TimeSpan.FromSeconds(30), "two more runs on the survivor", nodeA, nodeB);
            var all = probe.Completed.ToArray();
            Assert.Equal(all.Length, all.Select(r => r.FireTime).Distinct().Count());
            Assert.All(all.Where(r => r.FireTime > hung.FireTime), r => Assert.Equal(survivor.Key, r.Node));
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"runs: {all.Length}; by node: {string.Join(", ", all.GroupBy(r => r.Node).Select(g => $"{g.Key} {g.Count()}"))}; " +
                $"hung on {hung.Node} at {hung.FireTime:HH:mm:ss}, recovered by {recovered.Node}");
        }
        finally
        {
            // Let the dead node's stuck run end so its host can be disposed.
            probe.Release();
        }
    }

    private static BeaconApp Node(BeaconApp app, string node, Probe probe) => app
        .WithRealClock()
        .WithSetting("Scheduling:Enabled", "true")
        .WithSetting("Scheduling:NodeId", node)
        .WithSetting("Scheduling:CheckinInterval", "00:00:01")
        .WithSetting("Scheduling:CheckinMisfireThreshold", "00:00:02")
        .WithServices(services => services.AddScheduledWork("probe", TimeSpan.FromSeconds(2), MissedRunPolicy.RunOnceNow,
            (services, now, cancellationToken) => probe.RunAsync(node, now,
                // The job records whether this run repeats one interrupted on a dead node.
                services.GetRequiredService<SchedulerActivity>().LastRuns.Single(r => r.Work == "probe").Recovering)));

    private static async Task Eventually(Func<bool> condition, TimeSpan timeout, string what, params BeaconApp[] apps)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > timeout)
            {
                var logs = apps.SelectMany(a => a.Logs).Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Warning", StringComparison.Ordinal) || l.Contains("Schedul", StringComparison.Ordinal)).TakeLast(40);
                Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {what}.{Environment.NewLine}{string.Join(Environment.NewLine, logs)}");
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private sealed record Run(string Node, DateTimeOffset FireTime, bool Recovering);

    /// <summary>The probe work both nodes run; it records each finished run, and can hang one run on purpose.</summary>
    private sealed class Probe
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _hangNext;

        public ConcurrentQueue<Run> Completed { get; } = new();

        public TaskCompletionSource<Run> Hung { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void HangNext() => Interlocked.Exchange(ref _hangNext, 1);

        public void Release() => _release.TrySetResult();

        public async Task RunAsync(string node, DateTimeOffset fireTime, bool recovering)
        {
            if (Interlocked.Exchange(ref _hangNext, 0) == 1)
            {
                Hung.TrySetResult(new Run(node, fireTime, false));
                // A crashed node never finishes: ignore cancellation, never record completion.
                await _release.Task;
                throw new InvalidOperationException("The node died mid-run.");
            }
            await Task.Delay(50, CancellationToken.None);
            Completed.Enqueue(new Run(node, fireTime, recovering));
        }
    }
}
