using System.Globalization;
using Beacon.Data;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Beacon.Bench;

/// <summary>Bulk loading: binary COPY on PostgreSQL, prepared inserts in one transaction on SQLite.</summary>
public static class Load
{
    public static async Task PeopleAsync(DatabaseProvider provider, string connection, IReadOnlyList<Person> people, DateTime now)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync();
            await using var copy = await db.BeginBinaryImportAsync(
                "COPY staff_members (id, practice_id, site_id, first_name, last_name, email, job_role, hire_date, active, created_at, updated_at) FROM STDIN (FORMAT BINARY)");
            foreach (var p in people)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(p.Id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(p.PracticeId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(p.SiteId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(p.FirstName, NpgsqlDbType.Varchar);
                await copy.WriteAsync(p.LastName, NpgsqlDbType.Varchar);
                await copy.WriteAsync(p.Email, NpgsqlDbType.Varchar);
                await copy.WriteAsync(p.JobRole, NpgsqlDbType.Varchar);
                await copy.WriteAsync(p.HireDate, NpgsqlDbType.Date);
                await copy.WriteAsync(p.Active, NpgsqlDbType.Boolean);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
            return;
        }
        await SqliteBatchAsync(connection,
            "INSERT INTO staff_members (id, practice_id, site_id, first_name, last_name, email, job_role, hire_date, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
            people, p => [Id(p.Id), Id(p.PracticeId), Id(p.SiteId), p.FirstName, p.LastName, p.Email, p.JobRole, Day(p.HireDate), p.Active ? 1 : 0, Instant(now)]);
    }

    public static async Task CompletionsAsync(DatabaseProvider provider, string connection, IReadOnlyList<Done> completions, DateTime now)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync();
            await using var copy = await db.BeginBinaryImportAsync(
                "COPY completions (id, practice_id, staff_member_id, course_id, version, track, basis, ce_hours, completed_on, completed_at) FROM STDIN (FORMAT BINARY)");
            foreach (var c in completions)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(c.Id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(c.PracticeId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(c.StaffMemberId, NpgsqlDbType.Uuid);
                await copy.WriteAsync("ht-medical-practice", NpgsqlDbType.Varchar);
                await copy.WriteAsync("1.0.0", NpgsqlDbType.Varchar);
                await copy.WriteAsync(c.Track, NpgsqlDbType.Varchar);
                await copy.WriteAsync(0, NpgsqlDbType.Integer);
                await copy.WriteAsync(1.0m, NpgsqlDbType.Numeric);
                await copy.WriteAsync(c.CompletedOn, NpgsqlDbType.Date);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
            return;
        }
        await SqliteBatchAsync(connection,
            "INSERT INTO completions (id, practice_id, staff_member_id, course_id, version, track, basis, ce_hours, completed_on, completed_at) VALUES ($1, $2, $3, 'ht-medical-practice', '1.0.0', $4, 0, '1.0', $5, $6)",
            completions, c => [Id(c.Id), Id(c.PracticeId), Id(c.StaffMemberId), c.Track, Day(c.CompletedOn), Instant(now)]);
    }

    // EF Core's SQLite formats: upper-case GUID text, ISO dates, "yyyy-MM-dd HH:mm:ss" instants.
    public static string Id(Guid id) => id.ToString().ToUpperInvariant();

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static async Task SqliteBatchAsync<T>(string connection, string sql, IReadOnlyList<T> rows, Func<T, object[]> values)
    {
        await using var db = new SqliteConnection(connection);
        await db.OpenAsync();
        await using var transaction = (SqliteTransaction)await db.BeginTransactionAsync();
        await using var command = db.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var count = values(rows[0]).Length;
        var parameters = Enumerable.Range(1, count).Select(i => command.Parameters.Add(new SqliteParameter("$" + i.ToString(CultureInfo.InvariantCulture), null))).ToArray();
        command.Prepare();
        foreach (var row in rows)
        {
            var v = values(row);
            for (var i = 0; i < count; i++)
            {
                parameters[i].Value = v[i];
            }
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }
}
