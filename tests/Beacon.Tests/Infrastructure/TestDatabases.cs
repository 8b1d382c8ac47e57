using Beacon.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit.Sdk;

namespace Beacon.Tests.Infrastructure;

/// <summary>A throwaway PostgreSQL database: the app's connection (non-owner role) and the owner's.</summary>
public sealed record PostgresDatabase(string Name, string AppConnectionString, string OwnerConnectionString);

/// <summary>
/// The databases tests run on. SQLite always; PostgreSQL when test.sh provides a cluster through
/// BEACON_TEST_POSTGRES (an admin connection string). test.sh also sets BEACON_TEST_REQUIRE_POSTGRES, so a
/// CI run without PostgreSQL fails instead of quietly testing one provider.
/// </summary>
public static class TestDatabases
{
    // Named after every migration (branches merged together can add one dated before the newest), so a
    // cluster never hands out a template of another schema.
    private static readonly string Template = "beacon_template_" + Convert.ToHexStringLower(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AllMigrations())))[..12];
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static bool _templateReady;

    public static string? PostgresAdmin => Environment.GetEnvironmentVariable("BEACON_TEST_POSTGRES");

    public static IReadOnlyList<DatabaseProvider> Providers
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(PostgresAdmin))
            {
                return [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];
            }
            if (Environment.GetEnvironmentVariable("BEACON_TEST_REQUIRE_POSTGRES") == "1")
            {
                throw new InvalidOperationException("BEACON_TEST_REQUIRE_POSTGRES is set but BEACON_TEST_POSTGRES is not: run the tests through ./test.sh.");
            }
            return [DatabaseProvider.Sqlite];
        }
    }

    public static string AppRole => "beacon_app";
    public static string OwnerRole => "beacon_owner";

    /// <summary>A fresh database copied from a migrated template (migrating once per cluster, not per test).</summary>
    public static async Task<PostgresDatabase> CreatePostgresAsync()
    {
        var admin = PostgresAdmin ?? throw new InvalidOperationException("BEACON_TEST_POSTGRES is not set: PostgreSQL tests need a cluster; run them through ./test.sh, which starts one.");
        await EnsureTemplateAsync(admin);
        var name = "beacon_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
#pragma warning disable CA2100 // generated identifiers, not input
            create.CommandText = $"CREATE DATABASE {name} OWNER {OwnerRole} TEMPLATE {Template}";
#pragma warning restore CA2100
            await create.ExecuteNonQueryAsync();
        }
        return new PostgresDatabase(name, ConnectionFor(admin, name, AppRole), ConnectionFor(admin, name, OwnerRole));
    }

    public static async Task DropPostgresAsync(PostgresDatabase database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresAdmin);
        await connection.OpenAsync();
        await using var drop = connection.CreateCommand();
#pragma warning disable CA2100
        drop.CommandText = $"DROP DATABASE IF EXISTS {database.Name} WITH (FORCE)";
#pragma warning restore CA2100
        await drop.ExecuteNonQueryAsync();
    }

    public static string ConnectionFor(string admin, string database, string role)
    {
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = database, Username = role, Password = role };
        return builder.ConnectionString;
    }

    private static string AllMigrations()
    {
        using var context = new Beacon.Migrations.Postgres.DesignTimeFactory().CreateDbContext([]);
        return string.Join("\n", Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetMigrations(context.Database));
    }

    private static async Task EnsureTemplateAsync(string admin)
    {
        if (_templateReady)
        {
            return;
        }
        await TemplateLock.WaitAsync();
        try
        {
            if (_templateReady)
            {
                return;
            }
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            // Several test processes share the cluster: build the template under a cluster-wide lock.
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(715517)", connection))
            {
                await lockCommand.ExecuteNonQueryAsync();
            }
            try
            {
                await using var exists = new NpgsqlCommand($"SELECT count(*) FROM pg_database WHERE datname = '{Template}'", connection);
                if ((long)(await exists.ExecuteScalarAsync())! == 0)
                {
                    await using (var create = new NpgsqlCommand($"CREATE DATABASE {Template} OWNER {OwnerRole}", connection))
                    {
                        await create.ExecuteNonQueryAsync();
                    }
                    var options = Options.Create(new DatabaseOptions
                    {
                        Provider = DatabaseProvider.Postgres,
                        ConnectionString = ConnectionFor(admin, Template, AppRole) + ";Pooling=false",
                        OwnerConnectionString = ConnectionFor(admin, Template, OwnerRole) + ";Pooling=false",
                    });
                    var migrator = new DatabaseMigrator(options, new TestHostEnvironment(), new HttpContextAccessor(), TimeProvider.System, NullLogger<DatabaseMigrator>.Instance);
                    await migrator.MigrateAsync(CancellationToken.None);
                }
            }
            finally
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(715517)", connection);
                await unlock.ExecuteNonQueryAsync();
            }
            _templateReady = true;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private sealed class TestHostEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "Beacon";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}

/// <summary>Runs a theory once per configured database: SQLite always, PostgreSQL when test.sh provides it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseDataAttribute : Xunit.v3.DataAttribute
{
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(System.Reflection.MethodInfo testMethod, DisposalTracker disposalTracker) =>
        new(TestDatabases.Providers.Select(p => (ITheoryDataRow)new TheoryDataRow<DatabaseProvider>(p)).ToList());

    public override bool SupportsDiscoveryEnumeration() => true;
}

/// <summary>
/// For tests of PostgreSQL-only behaviour (row-level security, role grants): one row when test.sh provides
/// PostgreSQL (always in CI); none in a plain local `dotnet test` without it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresDataAttribute : Xunit.v3.DataAttribute
{
    // Always one row: without BEACON_TEST_POSTGRES these tests fail (CreatePostgresAsync says why), never skip.
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(System.Reflection.MethodInfo testMethod, DisposalTracker disposalTracker) =>
        new([new TheoryDataRow<DatabaseProvider>(DatabaseProvider.Postgres)]);

    public override bool SupportsDiscoveryEnumeration() => true;
}
