using Beacon.Data;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Beacon.Migrations.Postgres;

/// <summary>Lets `dotnet ef` build the model for PostgreSQL without a server (migrations need none).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<BeaconDbContext>
{
    public BeaconDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<BeaconDbContext>();
        DataExtensions.Configure(options, DatabaseProvider.Postgres, "Host=localhost;Database=beacon_design");
        return new BeaconDbContext(options.Options, new TenantContext(), new AuditActor(new HttpContextAccessor()), TimeProvider.System);
    }
}
