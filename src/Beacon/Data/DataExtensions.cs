using Beacon.Features.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Beacon.Data;

public static class DataExtensions
{
    public const string SqliteMigrationsAssembly = "Beacon.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "Beacon.Migrations.Postgres";

    public static WebApplicationBuilder AddBeaconData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddScoped<TenantContext>();
        builder.Services.AddScoped<AuditActor>();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<PostgresTenantInterceptor>();
        builder.Services.AddSingleton<DatabaseMigrator>();

        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var contentRoot = builder.Environment.ContentRootPath;
        var connectionString = options.ResolveConnectionString(contentRoot);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(options.ResolveDataDirectory(contentRoot));
        }

        builder.Services.AddDbContext<BeaconDbContext>((services, db) =>
        {
            Configure(db, options.Provider, connectionString);
            // Interceptors registered in DI join every context (tests use this to inject faults).
            db.AddInterceptors(services.GetServices<IInterceptor>());
            if (options.Provider == DatabaseProvider.Postgres)
            {
                db.AddInterceptors(services.GetRequiredService<PostgresTenantInterceptor>());
            }
        });
        return builder;
    }

    /// <summary>Provider, naming and migrations assembly: shared by the app, the migrator and design-time factories.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder db, DatabaseProvider provider, string connectionString)
    {
        MigrationsAssemblyResolver.Register();
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                db.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly));
                db.AddInterceptors(SqlitePragmas.Instance);
                break;
            case DatabaseProvider.Postgres:
                db.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(PostgresMigrationsAssembly));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider '{provider}'.");
        }
        db.UseSnakeCaseNamingConvention();
        return db;
    }

    /// <summary>
    /// SQLite settings that belong to each connection: wait for the write lock instead of failing at once,
    /// and a durable-enough sync level under WAL (WAL itself is set once, in the first migration).
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();

        public override void ConnectionOpened(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData) =>
            Apply(connection);

        public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(System.Data.Common.DbConnection connection)
        {
            if (connection is SqliteConnection sqlite)
            {
                using var command = sqlite.CreateCommand();
                command.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
                command.ExecuteNonQuery();
            }
        }
    }

    /// <summary>
    /// The migrations assemblies are copied beside Beacon.dll by the build but are not in its deps.json
    /// (they reference Beacon, so Beacon cannot reference them); load them from the app folder by name.
    /// </summary>
    private static class MigrationsAssemblyResolver
    {
        private static int _registered;

        public static void Register()
        {
            if (Interlocked.Exchange(ref _registered, 1) == 1)
            {
                return;
            }
            System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += (context, name) =>
            {
                if (name.Name is not (SqliteMigrationsAssembly or PostgresMigrationsAssembly))
                {
                    return null;
                }
                var path = Path.Combine(AppContext.BaseDirectory, name.Name + ".dll");
                return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
            };
        }
    }
}
