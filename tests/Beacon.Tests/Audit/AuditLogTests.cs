using System.Diagnostics;
using Beacon.Data;
using Beacon.Features.Audit;
using Beacon.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Beacon.Tests.Audit;

public sealed class AuditLogTests
{
    /// <summary>Changes three staff records so the practice's chain has several entries.</summary>
    private static async Task<PracticeSeed> PracticeWithHistoryAsync(BeaconApp app)
    {
        var practice = await app.CreatePracticeAsync(staff: 3);
        await app.WithDbAsync(async db =>
        {
            foreach (var person in await db.StaffMembers.ToListAsync())
            {
                person.JobRole = "medical-assistant";
            }
            await db.SaveChangesAsync();
        }, practice.PracticeId);
        return practice;
    }

    private static async Task<ChainReport> VerifyAsync(BeaconApp app, Guid practiceId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem();
        return await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(practiceId, CancellationToken.None);
    }

    /// <summary>What someone with direct database access (not Beacon) could do to the table.</summary>
    private static async Task TamperAsync(BeaconApp app, string sql)
    {
        if (app.Provider == DatabaseProvider.Sqlite)
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "beacon.db")}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
            return;
        }
        // Only a superuser who first switches the append-only triggers off can do this.
        await using var admin = new NpgsqlConnection(TestDatabases.ConnectionFor(TestDatabases.PostgresAdmin!, app.Postgres!.Name, "postgres"));
        await admin.OpenAsync();
        await using var tamper = new NpgsqlCommand($"ALTER TABLE audit_entries DISABLE TRIGGER USER; {sql}; ALTER TABLE audit_entries ENABLE TRIGGER USER;", admin);
        await tamper.ExecuteNonQueryAsync();
    }

    [Theory, DatabaseData]
    public async Task Every_change_is_recorded_with_who_what_when_and_before_and_after(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await PracticeWithHistoryAsync(app);

        var entries = await app.WithDbAsync(db => db.AuditEntries.All().Where(e => e.PracticeId == practice.PracticeId).OrderBy(e => e.Sequence).ToListAsync());

        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
        var update = entries.First(e => e.Action == "staff.updated");
        Assert.Contains("\"JobRole\":{\"before\":\"", update.Changes, StringComparison.Ordinal);
        Assert.Contains("\"after\":\"medical-assistant\"", update.Changes, StringComparison.Ordinal);
        Assert.Equal(DateTimeKind.Utc, update.At.Kind);
        Assert.Contains(entries, e => e.Action == "staff.created" && e.TargetType == "staff");
        Assert.Contains(entries, e => e.Action == "site.created");
        Assert.True((await VerifyAsync(app, practice.PracticeId)).Intact);
    }

    [Theory, DatabaseData]
    public async Task An_edited_entry_is_detected(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await PracticeWithHistoryAsync(app);

        await TamperAsync(app, $"UPDATE audit_entries SET changes = '{{}}' WHERE practice_id = '{Id(app, practice.PracticeId)}' AND sequence = 4");
        var report = await VerifyAsync(app, practice.PracticeId);

        Assert.False(report.Intact);
        Assert.Equal(4, report.BrokenAt);
        Assert.Contains("changed after it was written", report.Problem, StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task A_removed_entry_is_detected(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await PracticeWithHistoryAsync(app);

        await TamperAsync(app, $"DELETE FROM audit_entries WHERE practice_id = '{Id(app, practice.PracticeId)}' AND sequence = 3");
        var report = await VerifyAsync(app, practice.PracticeId);

        Assert.False(report.Intact);
        Assert.Equal(3, report.BrokenAt);
    }

    [Theory, DatabaseData]
    public async Task Removing_the_newest_entries_is_detected(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await PracticeWithHistoryAsync(app);
        var last = await app.WithDbAsync(db => db.AuditEntries.All().Where(e => e.PracticeId == practice.PracticeId).MaxAsync(e => e.Sequence));

        await TamperAsync(app, $"DELETE FROM audit_entries WHERE practice_id = '{Id(app, practice.PracticeId)}' AND sequence >= {last - 1}");
        var report = await VerifyAsync(app, practice.PracticeId);

        Assert.False(report.Intact);
        Assert.Contains("were removed", report.Problem, StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task A_forged_entry_with_a_recomputed_hash_breaks_the_link_to_the_next(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await PracticeWithHistoryAsync(app);
        var entry = await app.WithDbAsync(db => db.AuditEntries.All().AsNoTracking().SingleAsync(e => e.PracticeId == practice.PracticeId && e.Sequence == 2));
        entry.Changes = "{\"forged\":true}";
        var forgedHash = AuditTrail.ComputeHash(entry);

        await TamperAsync(app, $"UPDATE audit_entries SET changes = '{entry.Changes}', hash = '{forgedHash}' WHERE practice_id = '{Id(app, practice.PracticeId)}' AND sequence = 2");
        var report = await VerifyAsync(app, practice.PracticeId);

        Assert.False(report.Intact);
        Assert.Equal(3, report.BrokenAt);
    }

    [Theory, DatabaseData]
    public async Task Concurrent_writers_keep_one_unbroken_chain(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 8);

        await Task.WhenAll(practice.StaffIds.Select(id => app.WithDbAsync(async db =>
        {
            var person = await db.StaffMembers.SingleAsync(s => s.Id == id);
            person.LicenceNumber = "L-" + id.ToString("N")[..6];
            await db.SaveChangesAsync();
        }, practice.PracticeId)));

        var report = await VerifyAsync(app, practice.PracticeId);
        Assert.True(report.Intact, report.Describe());
        Assert.Equal(8, await app.WithDbAsync(db => db.AuditEntries.All().CountAsync(e => e.PracticeId == practice.PracticeId && e.Action == "staff.updated")));
    }

    [Theory, PostgresData]
    public async Task The_app_database_role_cannot_update_or_delete_audit_rows(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await PracticeWithHistoryAsync(app);

        foreach (var connectionString in new[] { app.Postgres!.AppConnectionString, app.Postgres.OwnerConnectionString })
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using (var system = new NpgsqlCommand("SELECT set_config('beacon.system', 'on', false)", connection))
            {
                await system.ExecuteNonQueryAsync();
            }
            foreach (var sql in new[] { "UPDATE audit_entries SET action = 'x'", "DELETE FROM audit_entries", "TRUNCATE audit_entries" })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
            }
        }
        Assert.True((await VerifyAsync(app, practice.PracticeId)).Intact);
    }

    [Fact]
    public async Task The_verify_command_exits_non_zero_when_a_chain_is_broken()
    {
        await using var app = await BeaconApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await PracticeWithHistoryAsync(app);

        var intact = await RunVerifyAsync(app);
        await TamperAsync(app, $"UPDATE audit_entries SET action = 'staff.deleted' WHERE practice_id = '{Id(app, practice.PracticeId)}' AND sequence = 2");
        var broken = await RunVerifyAsync(app);

        Assert.Equal(0, intact.ExitCode);
        Assert.Contains("chain intact", intact.Output, StringComparison.Ordinal);
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains($"practice {practice.PracticeId}: TAMPERED at entry 2", broken.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunVerifyAsync(BeaconApp app)
    {
        var beacon = Path.Combine(AppContext.BaseDirectory, "Beacon.dll");
        var start = new ProcessStartInfo("dotnet", [beacon, "audit", "verify", $"--Database:DataDirectory={app.DataDirectory}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + await process.StandardError.ReadToEndAsync());
    }

    // SQLite keeps Guids as upper-case text; PostgreSQL as uuid.
    private static string Id(BeaconApp app, Guid id) =>
        app.Provider == DatabaseProvider.Sqlite ? id.ToString().ToUpperInvariant() : id.ToString();
}
