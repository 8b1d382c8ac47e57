using Beacon.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Practices;

/// <summary>Site names are unique within a practice, whatever their capitals or spaces.</summary>
internal static class SiteNames
{
    public static string Duplicate(string name) =>
        $"The practice already has a site called \"{name}\" (perhaps deactivated). Choose a different name, or reactivate that site.";

    public static async Task<string?> CheckAsync(BeaconDbContext db, string name, Guid? exceptSiteId, CancellationToken cancellationToken)
    {
        if (name.Length == 0)
        {
            return "Enter the site's name, for example \"Main Street Clinic\".";
        }
        if (name.Length > 200)
        {
            return "Keep the site's name under 200 characters.";
        }
        // A practice has tens of sites at most: compare in memory, ignoring case, as people read names.
        var others = await db.Sites.AsNoTracking().Where(s => s.Id != exceptSiteId).Select(s => s.Name).ToListAsync(cancellationToken);
        return others.Any(n => string.Equals(n.Trim(), name, StringComparison.OrdinalIgnoreCase)) ? Duplicate(name) : null;
    }

    /// <summary>Saves; false when the unique index caught a name added at the same moment by someone else.</summary>
    public static async Task<bool> TrySaveAsync(BeaconDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
