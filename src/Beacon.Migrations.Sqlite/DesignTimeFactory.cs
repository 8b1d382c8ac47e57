using Beacon.Data;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Beacon.Migrations.Sqlite;

/// <summary>Lets `dotnet ef` build the model for SQLite without starting the app.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<BeaconDbContext>
{
    public BeaconDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<BeaconDbContext>();
        DataExtensions.Configure(options, DatabaseProvider.Sqlite, "Data Source=design-time.db");
        return new BeaconDbContext(options.Options, new TenantContext(), new AuditActor(new HttpContextAccessor()), TimeProvider.System);
    }
}
