using System.Diagnostics;
using Beacon.Data;
using Beacon.Features.Compliance;
using Beacon.Features.Requirements;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Beacon.Bench;

/// <summary>The best hand-written SQL for the dashboard's numbers: one GROUP BY over the stored statuses.</summary>
public static class Baseline
{
    private const string Sql = """
        SELECT site_id, job_role, requirement_id,
               CASE WHEN exempt_from <= @today AND (exempt_until IS NULL OR exempt_until >= @today) THEN 4
                    WHEN overdue_after < @today THEN 2
                    WHEN due_soon_from <= @today THEN 1
                    ELSE 0 END AS state,
               count(*) AS n
        FROM requirement_statuses
        WHERE practice_id = @practice AND applies
        GROUP BY 1, 2, 3, 4
        """;

    public static async Task<List<ComplianceCell>> CellsAsync(DatabaseProvider provider, string connection, Guid practiceId, DateOnly today)
    {
        var cells = new List<ComplianceCell>();
        if (provider == DatabaseProvider.Postgres)
        {
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync();
            // The app's role sees rows only through row-level security, keyed by this setting (as the app does).
            await using (var set = new NpgsqlCommand("SELECT set_config('beacon.practice_id', @p, false)", db))
            {
                set.Parameters.AddWithValue("p", practiceId.ToString());
                await set.ExecuteScalarAsync();
            }
            await using var command = new NpgsqlCommand(Sql, db);
            command.Parameters.AddWithValue("today", today);
            command.Parameters.AddWithValue("practice", practiceId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                cells.Add(new ComplianceCell(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), (DueState)reader.GetInt32(3), (int)reader.GetInt64(4)));
            }
            return cells;
        }
        await using (var db = new SqliteConnection(connection))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = Sql;
            command.Parameters.AddWithValue("@today", Load.Day(today));
            command.Parameters.AddWithValue("@practice", Load.Id(practiceId));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                cells.Add(new ComplianceCell(Guid.Parse(reader.GetString(0)), reader.GetString(1), Guid.Parse(reader.GetString(2)), (DueState)reader.GetInt32(3), reader.GetInt32(4)));
            }
        }
        return cells;
    }

    /// <summary>Counts the database commands EF Core runs (its DiagnosticListener), for "queries per dashboard load".</summary>
    public sealed class CountingListener : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        private int _count;
        private bool _on;
        private readonly IDisposable _subscription;

        public CountingListener() => _subscription = DiagnosticListener.AllListeners.Subscribe(this);

        public void Start() => (_count, _on) = (0, true);

        public int Stop()
        {
            _on = false;
            _subscription.Dispose();
            return _count;
        }

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.EntityFrameworkCore")
            {
                value.Subscribe(this);
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (_on && value.Key == "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuting")
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
