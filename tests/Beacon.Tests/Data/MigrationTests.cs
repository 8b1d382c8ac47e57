using Beacon.Data;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Tests.Data;

public sealed class MigrationTests
{
    /// <summary>The model and each provider's migrations agree (test.sh also runs the dotnet-ef check).</summary>
    [Fact]
    public void Both_migration_sets_describe_the_current_model()
    {
        using var sqlite = new Beacon.Migrations.Sqlite.DesignTimeFactory().CreateDbContext([]);
        using var postgres = new Beacon.Migrations.Postgres.DesignTimeFactory().CreateDbContext([]);

        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite migrations are behind the model: add a migration.");
        Assert.False(postgres.Database.HasPendingModelChanges(), "PostgreSQL migrations are behind the model: add a migration.");
        Assert.Equal(sqlite.Database.GetMigrations().Count(), postgres.Database.GetMigrations().Count());
    }

    [Theory, DatabaseData]
    public async Task A_fresh_database_is_fully_migrated_at_start(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);

        var pending = await app.WithDbAsync(async db => (await db.Database.GetPendingMigrationsAsync()).ToList());

        Assert.Empty(pending);
        Assert.Equal(5, await app.WithDbAsync(db => db.Roles.CountAsync()));
    }
}
