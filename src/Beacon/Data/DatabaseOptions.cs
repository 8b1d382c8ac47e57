using System.ComponentModel.DataAnnotations;

namespace Beacon.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The connection the app uses. For SQLite, empty means a file under <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL only: the connection of the role that owns the schema and runs migrations. The app's own
    /// role (<see cref="ConnectionString"/>) then gets only the grants it needs, and none that could change
    /// the audit log. Empty means the app's connection also migrates.
    /// </summary>
    public string? OwnerConnectionString { get; set; }

    /// <summary>
    /// Where Beacon keeps its SQLite database and uploaded files (outside the web root). A relative path is
    /// taken from the directory Beacon is started in, so `dotnet run` from the repository uses ./data.
    /// </summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    public bool MigrateOnStartup { get; set; } = true;

    public string ResolveDataDirectory(string contentRoot) => Path.GetFullPath(DataDirectory);

    public string ResolveConnectionString(string contentRoot) => Provider switch
    {
        DatabaseProvider.Sqlite when string.IsNullOrWhiteSpace(ConnectionString) =>
            $"Data Source={Path.Combine(ResolveDataDirectory(contentRoot), "beacon.db")}",
        _ when string.IsNullOrWhiteSpace(ConnectionString) =>
            throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is Postgres."),
        _ => ConnectionString!,
    };
}
