using Beacon.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Beacon.Data;

/// <summary>
/// Applies migrations at start-up (unless switched off). On PostgreSQL it migrates as the schema owner and
/// then grants the app's own role what it needs: every table, but on the audit log only SELECT and INSERT.
/// </summary>
public sealed class DatabaseMigrator(IOptions<DatabaseOptions> options, IHostEnvironment environment, IHttpContextAccessor accessor, TimeProvider time, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var appConnection = settings.ResolveConnectionString(environment.ContentRootPath);
        var ownerConnection = settings.Provider == DatabaseProvider.Postgres && !string.IsNullOrWhiteSpace(settings.OwnerConnectionString)
            ? settings.OwnerConnectionString
            : appConnection;

        await using (var db = CreateOwnerContext(settings.Provider, ownerConnection))
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} database migrations", pending.Count);
                await db.Database.MigrateAsync(cancellationToken);
            }
        }

        if (settings.Provider == DatabaseProvider.Postgres && !ReferenceEquals(ownerConnection, appConnection))
        {
            await GrantAppRoleAsync(ownerConnection, new NpgsqlConnectionStringBuilder(appConnection).Username, cancellationToken);
        }
    }

    /// <summary>A context for maintenance: owner connection, acting for the installation.</summary>
    public BeaconDbContext CreateOwnerContext(DatabaseProvider provider, string connectionString)
    {
        var tenant = new TenantContext();
        tenant.ActAsSystem();
        var builder = new DbContextOptionsBuilder<BeaconDbContext>();
        DataExtensions.Configure(builder, provider, connectionString);
        if (provider == DatabaseProvider.Postgres)
        {
            builder.AddInterceptors(new PostgresTenantInterceptor(tenant));
        }
        return new BeaconDbContext(builder.Options, tenant, new AuditActor(accessor), time);
    }

    private async Task GrantAppRoleAsync(string ownerConnection, string? appRole, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(appRole))
        {
            return;
        }
        var role = "\"" + appRole.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var connection = new NpgsqlConnection(ownerConnection);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The role name is an identifier (it cannot be a parameter); it is quoted above.
#pragma warning disable CA2100
        command.CommandText = $"""
            GRANT USAGE ON SCHEMA public TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
            GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
            REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM {role};
            REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "__EFMigrationsHistory" FROM {role};
            """;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancellationToken);
        logger.LogInformation("Granted the application role its table privileges");
    }
}
