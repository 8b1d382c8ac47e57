using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Beacon.Data;
using Beacon.Features.Reminders;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Beacon.Tests.Scheduling;

/// <summary>
/// Issue 5 with real processes: two Beacon web nodes (<c>dotnet Beacon.dll</c>, scheduling on, distinct node
/// ids) on one PostgreSQL database run the real reminder scan every 2 seconds. While both are alive each
/// interval's scan runs on exactly one node. Then the test holds the practice's advisory lock, so the next
/// scan waits inside its per-practice transaction; the node running it is SIGKILLed, the lock is released,
/// and the other node recovers the run (same fire time) and completes it: every expected reminder once,
/// one email per recipient, and nothing of the dead node left in the scheduler's tables.
/// </summary>
public sealed class TwoNodeProcessTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly string[] NodeIds = ["node-a", "node-b"];

    private sealed record ScanRun(string Node, DateTimeOffset FireTime, bool Recovering);

    private sealed record LedgerKey(Guid Person, Guid Requirement, DateOnly Cycle, string Kind);

    [Theory, PostgresData]
    public async Task Two_node_processes_run_each_scan_once_and_a_node_killed_mid_scan_has_its_scan_completed_by_the_other(DatabaseProvider provider)
    {
        var cancel = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        // The test's own Beacon: creates the database and arranges data through Beacon's services. No scheduler.
        await using var app = await BeaconApp.StartAsync(provider, a => a.WithRealClock());
        var database = app.Postgres!;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var practice = await app.CreatePracticeAsync(staff: 6);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), zone).DateTime);
        var staff = await ArrangePracticeAsync(app, practice, today);

        var observerConnection = new NpgsqlConnectionStringBuilder(TestDatabases.PostgresAdmin) { Database = database.Name }.ConnectionString;
        await using var observer = new NpgsqlConnection(observerConnection);
        await observer.OpenAsync(cancel);
        await using var lockHolder = new NpgsqlConnection(observerConnection);
        await lockHolder.OpenAsync(cancel);

        var nodes = new Dictionary<string, BeaconProcess>(StringComparer.Ordinal);
        try
        {
            foreach (var id in NodeIds)
            {
                nodes[id] = StartNode(app, id);
            }
            // Both nodes up, their schedulers running.
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await Task.WhenAll(nodes.Values.Select(node => WaitUntilReadyAsync(node, http, cancel)));
            var ready = clock.Elapsed;

            // 1. A healthy cluster: consecutive intervals, each scan on exactly one node. No requirement exists
            //    yet, so these scans produce nothing.
            await Eventually(() => ScanRuns(nodes).Count(r => !r.Recovering) >= 4, TimeSpan.FromSeconds(40), "four reminder scans on the two nodes", nodes);
            var healthy = ScanRuns(nodes);
            Assert.DoesNotContain(healthy, r => r.Recovering);
            Assert.All(healthy.GroupBy(r => r.FireTime), run => Assert.Single(run));
            var fireTimes = healthy.Select(r => r.FireTime).Order().ToList();
            Assert.Equal([Interval], fireTimes.Zip(fireTimes.Skip(1), (x, y) => y - x).Distinct());
            Assert.Equal(0, await app.WithDbAsync(db => db.ReminderLedger.All().CountAsync(cancel)));

            // 2. Hold the practice's advisory lock, then make its staff due: the next scan waits inside its job.
            var practiceKey = BitConverter.ToInt64(practice.PracticeId.ToByteArray(), 8);
            await ExecuteAsync(lockHolder, $"SELECT pg_advisory_lock({practiceKey})", cancel);
            var requirementId = await AddRequirementAsync(app, practice, today);
            var expected = ExpectedReminders(staff, requirementId, today);

            var blocked = await EventuallyAsync(() => BlockedScanAsync(observer, cancel), TimeSpan.FromSeconds(30), "a scan waiting on the practice's lock", nodes);
            Assert.True(blocked.Node == blocked.WaitingApplication,
                $"The scan executing on {blocked.Node} (qrtz_fired_triggers) is not the one waiting on the lock ({blocked.WaitingApplication}, pg_stat_activity).");
            var dead = nodes[blocked.Node];
            var survivorId = NodeIds.Single(id => id != blocked.Node);
            var survivor = nodes[survivorId];
            Assert.Contains(ScanRuns(nodes), r => r.Node == blocked.Node && r.FireTime == blocked.FireTime && !r.Recovering);

            dead.Kill(); // SIGKILL, mid-scan
            var killedAt = clock.Elapsed;
            await ExecuteAsync(lockHolder, $"SELECT pg_advisory_unlock({practiceKey})", cancel);

            // 3. The survivor takes the dead node for dead, recovers the scan with its original fire time and completes it.
            await Eventually(() => ScanRuns(nodes).Any(r => r.Recovering && r.FireTime == blocked.FireTime), TimeSpan.FromSeconds(40),
                $"{survivorId} to recover the scan of {blocked.FireTime:HH:mm:ss} interrupted on {blocked.Node}", nodes);
            var recovered = Assert.Single(ScanRuns(nodes), r => r.Recovering);
            Assert.Equal(survivorId, recovered.Node);
            // Two more scheduled scans start on the survivor: one scan at a time, so the recovered one has finished.
            await Eventually(() => ScanRuns(nodes).Count(r => r.Node == survivorId && !r.Recovering && r.FireTime > blocked.FireTime) >= 2,
                TimeSpan.FromSeconds(30), $"two scheduled scans on {survivorId} after the recovery", nodes);
            var recoveredAfter = clock.Elapsed - killedAt;

            var ledger = await app.WithDbAsync(db => db.ReminderLedger.All().AsNoTracking().Where(l => l.PracticeId == practice.PracticeId).ToListAsync(cancel));
            var keys = ledger.Select(l => new LedgerKey(l.PersonId, l.RequirementId, l.Cycle, l.Kind)).ToList();
            Assert.Equal(expected.OrderBy(k => k.ToString()), keys.OrderBy(k => k.ToString()));
            // Produced by the recovered run (it repeats the interrupted one: same fire time), every row folded into an email.
            Assert.All(ledger, l => Assert.Equal(blocked.FireTime.UtcDateTime, l.CreatedAt));
            Assert.All(ledger, l => Assert.NotNull(l.FoldedOn));

            var emails = await app.WithDbAsync(db => db.OutboxMessages.All().AsNoTracking()
                .Where(m => m.PracticeId == practice.PracticeId && m.Kind == "reminder").Select(m => m.ToAddress).ToListAsync(cancel));
            Assert.Equal(staff.Select(s => s.Email).Order(StringComparer.Ordinal), emails.Order(StringComparer.Ordinal));
            Assert.Equal(staff.Count, await app.WithDbAsync(db => db.ReminderMailDays.All().CountAsync(d => d.PracticeId == practice.PracticeId, cancel)));

            // Nothing of the dead node is left in the scheduler's tables; the survivor alone checks in.
            Assert.Equal(0L, await ScalarAsync(observer, $"SELECT count(*) FROM qrtz_fired_triggers WHERE instance_name = '{blocked.Node}'", cancel));
            Assert.Equal(0L, await ScalarAsync(observer, $"SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = '{blocked.Node}'", cancel));
            Assert.Equal(1L, await ScalarAsync(observer, $"SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = '{survivorId}'", cancel));

            // Across the whole test, a scheduled fire time ran on one node only; the one repeat is the recovery.
            var all = ScanRuns(nodes);
            Assert.All(all.Where(r => !r.Recovering).GroupBy(r => r.FireTime), run => Assert.Single(run));
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"nodes ready at {ready.TotalSeconds:F1} s; {all.Count} scans ({string.Join(", ", all.GroupBy(r => r.Node).Select(g => $"{g.Key} {g.Count()}"))}); " +
                $"scan of {blocked.FireTime:HH:mm:ss} killed on {blocked.Node}, recovered on {recovered.Node} and two more scans started " +
                $"{recoveredAfter.TotalSeconds:F1} s after the kill; {ledger.Count} reminders, {emails.Count} emails; test {clock.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            foreach (var node in nodes.Values)
            {
                node.Dispose();
            }
        }
    }

    /// <summary>A web node: a free port, the cluster's short check-in, the scan every 2 s, its scheduler's runs logged (JSON lines).</summary>
    private static BeaconProcess StartNode(BeaconApp app, string nodeId) => BeaconProcess.Start(app,
    [
        "--urls=http://127.0.0.1:0",
        "--Scheduling:Enabled=true",
        $"--Scheduling:NodeId={nodeId}",
        "--Scheduling:CheckinInterval=00:00:01",
        // Short for the test, with room for a loaded machine (a node taken for dead by mistake runs a scan twice).
        "--Scheduling:CheckinMisfireThreshold=00:00:05",
        $"--Scheduling:Intervals:{ReminderScan.WorkName}={Interval:c}",
        // The outbox stays as the scan left it.
        "--Smtp:SenderEnabled=false",
        "--Logging:Console:FormatterName=json",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        "--Logging:LogLevel:Beacon.Features.Scheduling=Debug",
        "--Logging:LogLevel:Quartz=Information",
    ], connectionString: new NpgsqlConnectionStringBuilder(app.Postgres!.AppConnectionString) { ApplicationName = nodeId }.ConnectionString);

    private static async Task WaitUntilReadyAsync(BeaconProcess node, HttpClient http, CancellationToken cancel)
    {
        Assert.True(await node.WaitForLineAsync(line => Listening(line) is not null).WaitAsync(TimeSpan.FromSeconds(60), cancel),
            $"The node exited before listening:{Environment.NewLine}{node.Output}");
        var address = node.Lines.Select(Listening).First(a => a is not null)!;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(address, "/health/ready"), cancel);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"{address} did not become ready:{Environment.NewLine}{node.Output}");
            await Task.Delay(200, cancel);
        }
    }

    private static Uri? Listening(string line) =>
        Json(line) is { } entry && entry.TryGetProperty("State", out var state) && state.TryGetProperty("address", out var address)
            && entry.GetProperty("Category").GetString() == "Microsoft.Hosting.Lifetime"
            ? new Uri(address.GetString()!)
            : null;

    /// <summary>Every reminder scan a node started, from the scheduler's own log lines ("started on" / "recovered on").</summary>
    private static List<ScanRun> ScanRuns(Dictionary<string, BeaconProcess> nodes) =>
    [
        .. nodes.Values.SelectMany(n => n.Lines).Select(Json).OfType<JsonElement>()
            .Where(e => e.GetProperty("Category").GetString() == "Beacon.Features.Scheduling.ScheduledWorkJob"
                && e.TryGetProperty("State", out var s) && s.TryGetProperty("Work", out var work) && work.GetString() == ReminderScan.WorkName
                && s.GetProperty("{OriginalFormat}").GetString() is { } format
                && (format.Contains("started on", StringComparison.Ordinal) || format.Contains("recovered on", StringComparison.Ordinal)))
            .Select(e =>
            {
                var state = e.GetProperty("State");
                return new ScanRun(
                    state.GetProperty("Node").GetString()!,
                    DateTimeOffset.Parse(state.GetProperty("FireTime").GetString()!, CultureInfo.InvariantCulture),
                    state.GetProperty("{OriginalFormat}").GetString()!.Contains("recovered on", StringComparison.Ordinal));
            }),
    ];

    private static JsonElement? Json(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Blocked(string Node, DateTimeOffset FireTime, string WaitingApplication);

    /// <summary>
    /// The scan executing on a node (its fired-trigger row) while a connection of that node waits on an advisory
    /// lock in the scan's statement; null until both are seen.
    /// </summary>
    private static async Task<Blocked?> BlockedScanAsync(NpgsqlConnection observer, CancellationToken cancel)
    {
        string? node = null;
        long scheduled = 0;
        await using (var fired = new NpgsqlCommand(
            "SELECT instance_name, sched_time FROM qrtz_fired_triggers WHERE job_name = @job AND state = 'EXECUTING'", observer))
        {
            fired.Parameters.AddWithValue("job", ReminderScan.WorkName);
            await using var reader = await fired.ExecuteReaderAsync(cancel);
            if (await reader.ReadAsync(cancel))
            {
                node = reader.GetString(0);
                scheduled = reader.GetInt64(1);
            }
        }
        if (node is null)
        {
            return null;
        }
        await using var waiting = new NpgsqlCommand(
            "SELECT application_name FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory' AND query LIKE '%pg_advisory_xact_lock%'",
            observer);
        var application = await waiting.ExecuteScalarAsync(cancel) as string;
        // Quartz keeps times as UTC ticks.
        return application is null ? null : new Blocked(node, new DateTimeOffset(scheduled, TimeSpan.Zero), application);
    }

    /// <summary>
    /// The practice in Chicago with reminders going out at any hour and its digest on another day; its staff hired so
    /// that, once the requirement exists, three are 3 days overdue and three are due in 5 days.
    /// </summary>
    private static async Task<List<(Guid Id, string Email, DateOnly Due)>> ArrangePracticeAsync(BeaconApp app, PracticeSeed practice, DateOnly today)
    {
        return await app.WithDbAsync(async db =>
        {
            db.ReminderSettings.Add(new ReminderSettings
            {
                PracticeId = practice.PracticeId, EarliestHour = 0, LatestHour = 24, DigestDay = today.AddDays(3).DayOfWeek,
            });
            var people = await db.StaffMembers.Where(s => s.PracticeId == practice.PracticeId).OrderBy(s => s.EmployeeId).ToListAsync();
            var result = new List<(Guid, string, DateOnly)>();
            for (var i = 0; i < people.Count; i++)
            {
                var due = i % 2 == 0 ? today.AddDays(-3) : today.AddDays(5);
                // A new hire is due 30 days after joining.
                people[i].HireDate = due.AddDays(-30);
                people[i].ManagerId = null;
                result.Add((people[i].Id, people[i].Email, due));
            }
            await db.SaveChangesAsync();
            return result;
        }, practice.PracticeId);
    }

    private static Task<Guid> AddRequirementAsync(BeaconApp app, PracticeSeed practice, DateOnly today) =>
        app.WithDbAsync(async db =>
        {
            var requirement = TestData.YearlyInService(practice.PracticeId, today.AddDays(-365));
            db.Requirements.Add(requirement);
            await db.SaveChangesAsync();
            return requirement.Id;
        }, practice.PracticeId);

    /// <summary>
    /// Worked out from the ladder (30, 14, 7, 1 days before; the day after; managers from 14 and administrators from
    /// 30 days overdue): 3 days overdue is the day-after reminder, due in 5 days is the 7-day one. Both stay so if
    /// the practice's day changes during the test.
    /// </summary>
    private static HashSet<LedgerKey> ExpectedReminders(List<(Guid Id, string Email, DateOnly Due)> staff, Guid requirementId, DateOnly today) =>
        [.. staff.Select(s => new LedgerKey(s.Id, requirementId, s.Due, s.Due < today ? "after-1" : "before-7"))];

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancel)
    {
#pragma warning disable CA2100 // the test's own statements
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancel);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancel)
    {
#pragma warning disable CA2100 // the test's own statements
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancel), CultureInfo.InvariantCulture);
    }

    private static Task Eventually(Func<bool> condition, TimeSpan timeout, string what, Dictionary<string, BeaconProcess> nodes) =>
        EventuallyAsync(() => Task.FromResult(condition() ? true : (bool?)null), timeout, what, nodes);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, Dictionary<string, BeaconProcess> nodes)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } result)
            {
                return result;
            }
            if (waited.Elapsed > timeout)
            {
                var logs = nodes.Select(n => $"--- {n.Key} (exited: {n.Value.Process.HasExited}){Environment.NewLine}{string.Join(Environment.NewLine, n.Value.Lines.TakeLast(30))}");
                Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {what}.{Environment.NewLine}{string.Join(Environment.NewLine, logs)}");
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
