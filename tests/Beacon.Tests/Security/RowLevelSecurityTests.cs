using Beacon.Data;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Beacon.Tests.Security;

/// <summary>PostgreSQL enforces tenancy itself, beneath EF Core's query filters.</summary>
public sealed class RowLevelSecurityTests
{
    // Tables with a practice column that are deliberately not row-level secured, and why.
    private static readonly Dictionary<string, string> Exempt = new(StringComparer.Ordinal)
    {
        ["AspNetUsers"] = "sign-in looks accounts up by email before any practice is known; practice pages filter by practice_id explicitly",
    };

    [Theory, PostgresData]
    public async Task Every_table_with_a_practice_column_has_a_forced_row_level_security_policy(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        await using var connection = new NpgsqlConnection(app.Postgres!.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname AND p.policyname = 'tenant_isolation')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r'
              AND (EXISTS (SELECT 1 FROM information_schema.columns col WHERE col.table_name = c.relname AND col.column_name = 'practice_id')
                   OR c.relname = 'practices')
            """, connection);
        var unprotected = new List<string>();
        var tables = 0;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables++;
                var table = reader.GetString(0);
                if (!(reader.GetBoolean(1) && reader.GetBoolean(2) && reader.GetBoolean(3)) && !Exempt.ContainsKey(table))
                {
                    unprotected.Add(table);
                }
            }
        }

        Assert.True(tables >= 9, $"only {tables} tenant tables found");
        Assert.True(unprotected.Count == 0, "Tenant tables without a forced policy: " + string.Join(", ", unprotected));
    }

    [Theory, PostgresData]
    public async Task A_query_that_forgets_the_tenant_filter_still_sees_only_its_own_practice(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var a = await app.CreatePracticeAsync(staff: 3);
        var b = await app.CreatePracticeAsync(staff: 5);

        // IgnoreQueryFilters is the "forgot the filter" bug; RLS still answers for practice A only.
        var seenAsA = await app.WithDbAsync(db => db.StaffMembers.IgnoreQueryFilters().Select(s => s.PracticeId).Distinct().ToListAsync(), a.PracticeId);
        var sitesAsA = await app.WithDbAsync(db => db.Sites.IgnoreQueryFilters().CountAsync(), a.PracticeId);
        var practicesAsA = await app.WithDbAsync(db => db.Practices.CountAsync(), a.PracticeId);

        Assert.Equal([a.PracticeId], seenAsA);
        Assert.Equal(2, sitesAsA);
        Assert.Equal(1, practicesAsA);
    }

    [Theory, PostgresData]
    public async Task A_connection_with_no_practice_sees_nothing_and_cannot_write_into_another_practice(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var a = await app.CreatePracticeAsync(staff: 3);
        var b = await app.CreatePracticeAsync(staff: 3);

        await using var connection = new NpgsqlConnection(app.Postgres!.AppConnectionString);
        await connection.OpenAsync();
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM staff_members", connection))
        {
            Assert.Equal(0L, await count.ExecuteScalarAsync());
        }

        await using (var act = new NpgsqlCommand($"SELECT set_config('beacon.practice_id', '{a.PracticeId}', false)", connection))
        {
            await act.ExecuteNonQueryAsync();
        }
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM staff_members", connection))
        {
            Assert.Equal(3L, await count.ExecuteScalarAsync());
        }
        await using (var move = new NpgsqlCommand($"UPDATE staff_members SET practice_id = '{b.PracticeId}'", connection))
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => move.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }
        await using (var touchB = new NpgsqlCommand($"UPDATE staff_members SET first_name = 'x' WHERE practice_id = '{b.PracticeId}'", connection))
        {
            Assert.Equal(0, await touchB.ExecuteNonQueryAsync());
        }
        var bNames = await app.WithDbAsync(db => db.StaffMembers.Where(s => s.FirstName == "x").CountAsync(), b.PracticeId);
        Assert.Equal(0, bNames);
    }

    [Theory, PostgresData]
    public async Task The_app_role_is_not_the_owner_and_cannot_bypass_row_level_security(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        await using var connection = new NpgsqlConnection(app.Postgres!.AppConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.False(reader.GetBoolean(0));
        Assert.False(reader.GetBoolean(1));
    }
}
