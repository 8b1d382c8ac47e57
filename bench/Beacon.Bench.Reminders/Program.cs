// P4: the reminder scan on 1,000,000 person × requirement status rows (PostgreSQL).
// Usage: dotnet run -c Release --project bench/Beacon.Bench.Reminders -- "Host=…;Username=…;Database=postgres" [pairs]
// Creates a throwaway database, migrates it, COPYs the rows (every staff member has an account, every practice
// one administrator), then alternates: ReminderScan.RunAsync (the scan step producing the ledger rows, then the
// folding step turning them into emails and notifications) on an empty ledger, timing the two steps apart, and
// one raw INSERT … SELECT … WHERE NOT EXISTS producing the same ledger rows (B). P4 is the scan step / B; the
// whole RunAsync / B is printed beside it. Then checks that a second RunAsync adds 0 rows to the ledger, the
// outbox, the mail days and the notifications.
using System.Diagnostics;
using System.Globalization;
using Beacon.Data;
using Beacon.Features.Audit;
using Beacon.Features.Operations;
using Beacon.Features.Reminders;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

var server = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("BEACON_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";
var pairs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
const int Practices = 100, StaffPerPractice = 1_000, RequirementsPerPractice = 10;
var database = "beacon_bench_p4_" + Guid.NewGuid().ToString("N")[..8];
await using (var admin = new NpgsqlConnection(server))
{
    await admin.OpenAsync();
    await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
    await create.ExecuteNonQueryAsync();
}
// No command timeout: the COPY of a million rows and the scans can take minutes on a loaded machine.
var connection = new NpgsqlConnectionStringBuilder(server) { Database = database, CommandTimeout = 0 }.ConnectionString;
try
{
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddHttpContextAccessor();
    services.AddSingleton(TimeProvider.System);
    services.AddScoped<TenantContext>();
    services.AddScoped<AuditActor>();
    var statementTimes = new StatementTimes();
    services.AddDbContext<BeaconDbContext>(db => DataExtensions.Configure(db, DatabaseProvider.Postgres, connection).AddInterceptors(statementTimes));
    services.AddScoped<ReminderFolding>();
    services.AddScoped<ReminderScan>();
    services.AddOptions<SecurityOptions>();
    await using var provider = services.BuildServiceProvider();

    await using (var scope = provider.CreateAsyncScope())
    {
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await db.Database.MigrateAsync();
    }

    var today = new DateOnly(2026, 6, 15);
    // 14:00 UTC = 10 AM in New York: every practice is inside its sending hours.
    var now = new DateTimeOffset(2026, 6, 15, 14, 0, 0, TimeSpan.Zero);
    var load = Stopwatch.StartNew();
    await SeedAsync(connection, today);
    Console.WriteLine($"Seeded {Practices * StaffPerPractice * RequirementsPerPractice:N0} status rows in {load.Elapsed.TotalSeconds:F1} s");

    var scanTimes = new List<double>();
    var rawTimes = new List<double>();
    var ledgerTimes = new List<double>();
    var foldingTimes = new List<double>();
    long scanRows = 0, rawRows = 0;
    for (var pair = 0; pair < pairs; pair++)
    {
        await ResetAsync(connection);
        var watch = Stopwatch.StartNew();
        ReminderScanResult result;
        await using (var scope = provider.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<BeaconDbContext>().Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            result = await scope.ServiceProvider.GetRequiredService<ReminderScan>().RunAsync(now, CancellationToken.None);
        }
        scanTimes.Add(watch.Elapsed.TotalSeconds);
        ledgerTimes.Add(result.LedgerTime.TotalSeconds);
        foldingTimes.Add(result.FoldingTime.TotalSeconds);
        scanRows = await CountAsync(connection);
        if (pair == 0)
        {
            Console.WriteLine("statements of the first RunAsync, by total time:");
            foreach (var line in statementTimes.Report(12))
            {
                Console.WriteLine("  " + line);
            }
        }
        statementTimes.Clear();
        Console.WriteLine($"pair {pair + 1}: RunAsync {watch.Elapsed.TotalSeconds:F2} s (ledger {result.LedgerTime.TotalSeconds:F2} s, folding {result.FoldingTime.TotalSeconds:F2} s), {result.LedgerRowsAdded:N0} ledger rows, {result.EmailsQueued:N0} emails, {result.NotificationsAdded:N0} notifications");

        await ResetAsync(connection);
        watch.Restart();
        await RawAsync(connection, today, now.UtcDateTime);
        rawTimes.Add(watch.Elapsed.TotalSeconds);
        rawRows = await CountAsync(connection);
        Console.WriteLine($"pair {pair + 1}: raw INSERT … SELECT {watch.Elapsed.TotalSeconds:F2} s, {rawRows:N0} ledger rows");
    }

    // A second run adds nothing: not to the ledger, the outbox, the mail days or the notifications.
    await ResetAsync(connection);
    await using (var scope = provider.CreateAsyncScope())
    {
        scope.ServiceProvider.GetRequiredService<BeaconDbContext>().Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await scope.ServiceProvider.GetRequiredService<ReminderScan>().RunAsync(now, CancellationToken.None);
    }
    var first = await CountAllAsync(connection);
    var watch2 = Stopwatch.StartNew();
    ReminderScanResult again;
    await using (var scope = provider.CreateAsyncScope())
    {
        again = await scope.ServiceProvider.GetRequiredService<ReminderScan>().RunAsync(now, CancellationToken.None);
    }
    var second = await CountAllAsync(connection);
    Console.WriteLine($"after the first RunAsync: {first}; after a second RunAsync ({watch2.Elapsed.TotalSeconds:F2} s): {second}; added {again.LedgerRowsAdded} ledger rows, {again.EmailsQueued} emails, {again.NotificationsAdded} notifications");
    var ratios = scanTimes.Zip(rawTimes, (a, b) => a / b).Order().ToList();
    var ledgerRatios = ledgerTimes.Zip(rawTimes, (a, b) => a / b).Order().ToList();
    static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
    // P4 compares like with like: the scan step (the ledger rows, with its transactions and locks) against B,
    // which produces the same ledger rows. Folding them into emails is reported beside it for context.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"RESULT P4 pairs={pairs} scan (ledger step) / B min/median/max {ledgerRatios[0]:F3}/{Median(ledgerRatios):F3}/{ledgerRatios[^1]:F3}; scan {Median(ledgerTimes):F2} s, B {Median(rawTimes):F2} s; " +
        $"with folding (RunAsync) / B {ratios[0]:F3}/{Median(ratios):F3}/{ratios[^1]:F3}, RunAsync {Median(scanTimes):F2} s (folding {Median(foldingTimes):F2} s); same rows: {scanRows == rawRows} ({scanRows:N0}); second run adds 0: {first == second}"));
    return again.LedgerRowsAdded == 0 && again.EmailsQueued == 0 && again.NotificationsAdded == 0 && first == second && scanRows == rawRows ? 0 : 1;
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await using var admin = new NpgsqlConnection(server);
    await admin.OpenAsync();
    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
    await drop.ExecuteNonQueryAsync();
}

static async Task<long> CountAsync(string connection)
{
    await using var c = new NpgsqlConnection(connection);
    await c.OpenAsync();
    await using var count = new NpgsqlCommand("SELECT count(*) FROM reminder_ledger", c);
    return (long)(await count.ExecuteScalarAsync())!;
}

static async Task<string> CountAllAsync(string connection)
{
    await using var c = new NpgsqlConnection(connection);
    await c.OpenAsync();
    await using var count = new NpgsqlCommand("""
        SELECT format('ledger %s, folded %s, outbox %s, mail days %s, notifications %s',
            (SELECT count(*) FROM reminder_ledger), (SELECT count(*) FROM reminder_ledger WHERE folded_on IS NOT NULL),
            (SELECT count(*) FROM outbox_messages), (SELECT count(*) FROM reminder_mail_days), (SELECT count(*) FROM notifications))
        """, c);
    return (string)(await count.ExecuteScalarAsync())!;
}

static async Task ResetAsync(string connection)
{
    await using var c = new NpgsqlConnection(connection);
    await c.OpenAsync();
    await using var truncate = new NpgsqlCommand("TRUNCATE reminder_ledger, reminder_mail_days, notifications, outbox_messages", c);
    await truncate.ExecuteNonQueryAsync();
    // VACUUM may not share a multi-statement command (it cannot run inside the implicit transaction).
    await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE requirement_statuses", c);
    await vacuum.ExecuteNonQueryAsync();
}

// The baseline: the same ledger rows (default ladder, and the weekly digest on a Monday) from one hand-written statement over all practices.
static async Task RawAsync(string connection, DateOnly today, DateTime now)
{
    await using var c = new NpgsqlConnection(connection);
    await c.OpenAsync();
    const string sql = """
        INSERT INTO reminder_ledger (practice_id, person_id, requirement_id, cycle, kind, audience, local_day, created_at)
        SELECT x.* FROM (
            SELECT s.practice_id, s.staff_member_id, s.requirement_id, s.due_on,
                   CASE WHEN s.due_on <= @t + 1 THEN 'before-1' WHEN s.due_on <= @t + 7 THEN 'before-7' WHEN s.due_on <= @t + 14 THEN 'before-14' ELSE 'before-30' END,
                   'learner', @t, @now
            FROM requirement_statuses s WHERE s.applies AND s.due_on BETWEEN @t AND @t + 30
            UNION ALL
            SELECT s.practice_id, s.staff_member_id, s.requirement_id, s.due_on,
                   CASE WHEN s.overdue_after > @t - 8 THEN 'after-1' ELSE 'overdue-week-' || ((@t - s.overdue_after - 1) / 7) END,
                   'learner', @t, @now
            FROM requirement_statuses s WHERE s.applies AND s.overdue_after < @t
            UNION ALL
            SELECT s.practice_id, s.staff_member_id, s.requirement_id, s.due_on, 'escalate-manager', 'oversight', @t, @now
            FROM requirement_statuses s JOIN staff_members m ON m.id = s.staff_member_id JOIN staff_members mg ON mg.id = m.manager_id AND mg.active
            WHERE s.applies AND s.overdue_after <= @t - 14
            UNION ALL
            SELECT s.practice_id, s.staff_member_id, s.requirement_id, s.due_on, 'escalate-admin', 'oversight', @t, @now
            FROM requirement_statuses s WHERE s.applies AND s.overdue_after <= @t - 30
            UNION ALL
            SELECT u.practice_id, u.id, '00000000-0000-0000-0000-000000000000'::uuid, @t, 'digest-' || to_char(@t, 'IYYY-"W"IW'), 'oversight', @t, @now
            FROM "AspNetUsers" u WHERE NOT u.disabled AND EXTRACT(ISODOW FROM @t) = 1
              AND EXISTS (SELECT 1 FROM "AspNetUserRoles" ur JOIN "AspNetRoles" r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.name = 'PracticeAdmin')
        ) x (practice_id, person_id, requirement_id, cycle, kind, audience, local_day, created_at)
        WHERE NOT EXISTS (SELECT 1 FROM reminder_ledger l WHERE l.practice_id = x.practice_id AND l.person_id = x.person_id
            AND l.requirement_id = x.requirement_id AND l.cycle = x.cycle AND l.kind = x.kind)
        """;
    await using var insert = new NpgsqlCommand(sql, c) { CommandTimeout = 1800 };
    insert.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Date) { Value = today });
    insert.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now });
    await insert.ExecuteNonQueryAsync();
}

static async Task SeedAsync(string connection, DateOnly today)
{
    await using var c = new NpgsqlConnection(connection);
    await c.OpenAsync();
    var random = new Random(20260615);
    var practiceIds = Enumerable.Range(0, Practices).Select(_ => Guid.CreateVersion7()).ToArray();
    var created = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    await using (var insert = new NpgsqlCommand("""
        INSERT INTO practices (id, name, state_code, time_zone_id, require_admin_mfa, active, created_at)
        SELECT p, 'Bench practice ' || ordinality, 'TX', 'America/New_York', false, true, @c FROM unnest(@ids) WITH ORDINALITY AS t(p, ordinality);
        INSERT INTO sites (id, practice_id, name, active, created_at) SELECT p, p, 'Main clinic', true, @c FROM unnest(@ids) AS t(p);
        """, c))
    {
        insert.Parameters.AddWithValue("ids", practiceIds);
        insert.Parameters.AddWithValue("c", created);
        await insert.ExecuteNonQueryAsync();
    }
    var requirements = practiceIds.ToDictionary(p => p, _ => Enumerable.Range(0, RequirementsPerPractice).Select(_ => Guid.CreateVersion7()).ToArray());
    await using (var copy = await c.BeginBinaryImportAsync("COPY requirements (id, practice_id, name, course_id, frequency, months, fixed_month, fixed_day, new_hire_days, grace_days, early_days, due_soon_days, starts_on, roles, sites, licence_types, licence_states, active, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
    {
        foreach (var (practice, ids) in requirements)
        {
            for (var i = 0; i < ids.Length; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(ids[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync(practice, NpgsqlDbType.Uuid);
                await copy.WriteAsync("Requirement " + i, NpgsqlDbType.Text);
                await copy.WriteAsync("ht-medical-practice", NpgsqlDbType.Text);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(12, NpgsqlDbType.Integer);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(30, NpgsqlDbType.Integer);
                await copy.WriteAsync(0, NpgsqlDbType.Integer);
                await copy.WriteAsync(0, NpgsqlDbType.Integer);
                await copy.WriteAsync(30, NpgsqlDbType.Integer);
                await copy.WriteAsync(new DateOnly(2025, 1, 1), NpgsqlDbType.Date);
                for (var k = 0; k < 4; k++)
                {
                    await copy.WriteAsync("", NpgsqlDbType.Text);
                }
                await copy.WriteAsync(true, NpgsqlDbType.Boolean);
                await copy.WriteAsync(created, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(created, NpgsqlDbType.TimestampTz);
            }
        }
        await copy.CompleteAsync();
    }
    var staff = new List<(Guid Practice, Guid Id, Guid? Manager)>();
    foreach (var practice in practiceIds)
    {
        var first = Guid.CreateVersion7();
        for (var i = 0; i < StaffPerPractice; i++)
        {
            var id = i == 0 ? first : Guid.CreateVersion7();
            staff.Add((practice, id, i == 0 ? null : first));
        }
    }
    await using (var copy = await c.BeginBinaryImportAsync("COPY staff_members (id, practice_id, first_name, last_name, email, job_role, site_id, manager_id, active, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
    {
        var n = 0;
        foreach (var (practice, id, manager) in staff)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(id, NpgsqlDbType.Uuid);
            await copy.WriteAsync(practice, NpgsqlDbType.Uuid);
            await copy.WriteAsync("Person", NpgsqlDbType.Text);
            await copy.WriteAsync("Number" + n, NpgsqlDbType.Text);
            await copy.WriteAsync($"person{n++}@bench.test", NpgsqlDbType.Text);
            await copy.WriteAsync("registered-nurse", NpgsqlDbType.Text);
            await copy.WriteAsync(practice, NpgsqlDbType.Uuid);
            if (manager is { } m)
            {
                await copy.WriteAsync(m, NpgsqlDbType.Uuid);
            }
            else
            {
                await copy.WriteNullAsync();
            }
            await copy.WriteAsync(true, NpgsqlDbType.Boolean);
            await copy.WriteAsync(created, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(created, NpgsqlDbType.TimestampTz);
        }
        await copy.CompleteAsync();
    }
    await using (var copy = await c.BeginBinaryImportAsync("COPY requirement_statuses (practice_id, requirement_id, staff_member_id, site_id, job_role, applies, due_on, overdue_after, due_soon_from, updated_at) FROM STDIN (FORMAT BINARY)"))
    {
        foreach (var (practice, id, _) in staff)
        {
            foreach (var requirement in requirements[practice])
            {
                // Due dates spread over the year around today: about 4% in the before-ladder, 15% overdue.
                var due = today.AddDays(random.Next(-60, 330));
                await copy.StartRowAsync();
                await copy.WriteAsync(practice, NpgsqlDbType.Uuid);
                await copy.WriteAsync(requirement, NpgsqlDbType.Uuid);
                await copy.WriteAsync(id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(practice, NpgsqlDbType.Uuid);
                await copy.WriteAsync("registered-nurse", NpgsqlDbType.Text);
                await copy.WriteAsync(true, NpgsqlDbType.Boolean);
                await copy.WriteAsync(due, NpgsqlDbType.Date);
                await copy.WriteAsync(due, NpgsqlDbType.Date);
                await copy.WriteAsync(due.AddDays(-30), NpgsqlDbType.Date);
                await copy.WriteAsync(created, NpgsqlDbType.TimestampTz);
            }
        }
        await copy.CompleteAsync();
    }
    // Every staff member has an account (so each learner email has its notification), and every practice one
    // administrator (who receives the escalations to administrators).
    await using (var accounts = new NpgsqlCommand("""
        INSERT INTO "AspNetRoles" (id, name, normalized_name, concurrency_stamp) VALUES (gen_random_uuid(), 'PracticeAdmin', 'PRACTICEADMIN', 'bench');
        INSERT INTO "AspNetUsers" (id, practice_id, staff_member_id, email, normalized_email, user_name, normalized_user_name, display_name, disabled,
            access_failed_count, email_confirmed, lockout_enabled, phone_number_confirmed, two_factor_enabled, created_at)
        SELECT gen_random_uuid(), s.practice_id, s.id, s.email, upper(s.email), s.email, upper(s.email), s.first_name || ' ' || s.last_name, false, 0, true, false, false, false, @c
        FROM staff_members s;
        INSERT INTO "AspNetUsers" (id, practice_id, email, normalized_email, user_name, normalized_user_name, display_name, disabled,
            access_failed_count, email_confirmed, lockout_enabled, phone_number_confirmed, two_factor_enabled, created_at)
        SELECT gen_random_uuid(), p.id, 'admin-' || p.id || '@bench.test', upper('admin-' || p.id || '@bench.test'), 'admin-' || p.id || '@bench.test',
            upper('admin-' || p.id || '@bench.test'), 'Practice Administrator', false, 0, true, false, false, false, @c
        FROM practices p;
        INSERT INTO "AspNetUserRoles" (user_id, role_id)
        SELECT u.id, r.id FROM "AspNetUsers" u CROSS JOIN "AspNetRoles" r WHERE u.staff_member_id IS NULL AND r.name = 'PracticeAdmin';
        """, c))
    {
        accounts.Parameters.AddWithValue("c", created);
        await accounts.ExecuteNonQueryAsync();
    }
    await using var analyze = new NpgsqlCommand("""
        ANALYZE;
        -- Each pair starts from empty written tables whose size the planner does not know (TRUNCATE leaves
        -- reltuples = -1). Autovacuum must not analyse them while empty between runs: with statistics saying
        -- "0 rows" the planner picks a nested-loop anti join that rescans the growing ledger for every new row
        -- (quadratic; it turned B from 3 s into more than 8 minutes in one run).
        ALTER TABLE reminder_ledger SET (autovacuum_enabled = off);
        ALTER TABLE reminder_mail_days SET (autovacuum_enabled = off);
        ALTER TABLE notifications SET (autovacuum_enabled = off);
        ALTER TABLE outbox_messages SET (autovacuum_enabled = off);
        """, c);
    await analyze.ExecuteNonQueryAsync();
}

/// <summary>Total time and count per statement shape (its first words), to see where RunAsync spends its time.</summary>
internal sealed class StatementTimes : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (double Ms, int Count)> _times = new();

    private void Add(System.Data.Common.DbCommand command, TimeSpan duration)
    {
        var text = string.Join(' ', command.CommandText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var key = text.Length > 90 ? text[..90] : text;
        _times.AddOrUpdate(key, (duration.TotalMilliseconds, 1), (_, v) => (v.Ms + duration.TotalMilliseconds, v.Count + 1));
    }

    public void Clear() => _times.Clear();

    public IEnumerable<string> Report(int top) => _times.OrderByDescending(t => t.Value.Ms).Take(top)
        .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Value.Ms / 1000,8:F2} s {t.Value.Count,5}x  {t.Key}"));

    public override ValueTask<int> NonQueryExecutedAsync(System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Add(command, eventData.Duration);
        return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<System.Data.Common.DbDataReader> ReaderExecutedAsync(System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData eventData, System.Data.Common.DbDataReader result, CancellationToken cancellationToken = default)
    {
        Add(command, eventData.Duration);
        return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<object?> ScalarExecutedAsync(System.Data.Common.DbCommand command, Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Add(command, eventData.Duration);
        return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
    }
}
