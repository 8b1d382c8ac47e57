using System.Buffers;
using System.Text;
using System.Text.Json;
using Beacon.Data;
using Beacon.Features.Practices;
using Beacon.Features.Requirements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Features.Compliance;

/// <summary>
/// The dashboard's figures kept for a practice, so a view does not recount every status row. One row per
/// practice: <see cref="DataVersion"/> goes up in the same transaction as every write of the practice's
/// statuses, and <see cref="Cells"/> are the dashboard's aggregate for <see cref="CellsDay"/> at
/// <see cref="CellsVersion"/>. A write for a few people moves the kept cells on by what it changed, in the
/// same transaction (<see cref="ComplianceSnapshots.LockForWriteAsync"/>, <see cref="ComplianceSnapshots.MoveAsync"/>),
/// so they stay current; a whole-practice write marks them out of date (<see cref="ComplianceSnapshots.InvalidateAsync"/>).
/// Cells are used only while both version and day still match; a new practice day (due soon and overdue move
/// with the calendar) is counted by <see cref="ComplianceDayRefresh"/> before the practice's first view.
/// </summary>
public sealed class ComplianceSnapshot : ITenantOwned
{
    public Guid PracticeId { get; set; }

    /// <summary>Goes up with every write of the practice's requirement statuses.</summary>
    public long DataVersion { get; set; }

    /// <summary>The <see cref="DataVersion"/> the cells were counted at; null when there are none.</summary>
    public long? CellsVersion { get; set; }

    /// <summary>The practice day the cells were counted for.</summary>
    public DateOnly? CellsDay { get; set; }

    /// <summary>The aggregate's groups (site, role, requirement, state, count) as compact JSON.</summary>
    public string? Cells { get; set; }

    public DateTime? ComputedAt { get; set; }
}

internal sealed class ComplianceSnapshotConfiguration : IEntityTypeConfiguration<ComplianceSnapshot>
{
    public void Configure(EntityTypeBuilder<ComplianceSnapshot> builder)
    {
        builder.ToTable("compliance_snapshots");
        builder.HasKey(s => s.PracticeId);
        builder.HasOne<Practice>().WithMany().HasForeignKey(s => s.PracticeId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Reads, fills, moves on (status writes for a few people) and invalidates <see cref="ComplianceSnapshot"/>.</summary>
public static class ComplianceSnapshots
{
    /// <summary>
    /// Marks the practice's kept figures out of date. Runs in the transaction that writes the statuses, so the
    /// change and the new version become visible together: a view that counted before the change stored its
    /// cells under the old version, which no longer matches.
    /// </summary>
    public static Task InvalidateAsync(BeaconDbContext db, Guid practiceId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO compliance_snapshots (practice_id, data_version) VALUES ({practiceId}, 1)
            ON CONFLICT (practice_id) DO UPDATE SET data_version = compliance_snapshots.data_version + 1, cells = NULL, cells_version = NULL, cells_day = NULL
            """, cancellationToken);

    /// <summary>
    /// The practice's aggregate for <paramref name="today"/>: the kept cells when they are current (one query),
    /// otherwise counted now (<see cref="ComplianceFigures.CellsAsync"/>) and kept for the next view (two more).
    /// </summary>
    public static async Task<IReadOnlyList<ComplianceCell>> CellsAsync(BeaconDbContext db, Guid practiceId, DateOnly today, DateTime now, CancellationToken cancellationToken)
    {
        var kept = await db.Set<ComplianceSnapshot>().AsNoTracking()
            .Where(s => s.PracticeId == practiceId)
            .Select(s => new { s.DataVersion, s.CellsVersion, s.CellsDay, s.Cells })
            .FirstOrDefaultAsync(cancellationToken);
        if (kept is { Cells: not null } && kept.CellsVersion == kept.DataVersion && kept.CellsDay == today)
        {
            return Read(kept.Cells);
        }

        // The version is read before counting: a write committed in between has already moved it on, so these
        // cells can only be stored under a version that is no longer current.
        var cells = await ComplianceFigures.CellsAsync(db, today, cancellationToken);
        if (kept is null)
        {
            var text = Write(cells);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO compliance_snapshots (practice_id, data_version, cells_version, cells_day, cells, computed_at)
                VALUES ({practiceId}, 0, 0, {today}, {text}, {now}) ON CONFLICT (practice_id) DO NOTHING
                """, cancellationToken);
        }
        else
        {
            await StoreAsync(db, practiceId, kept.DataVersion, today, cells, now, cancellationToken);
        }
        return cells;
    }

    /// <summary>
    /// Keeps cells counted for <paramref name="day"/> after <paramref name="countedAtVersion"/> was read (one
    /// write), unless a status write has moved the version on since: then the cells may miss it and are dropped.
    /// </summary>
    internal static Task<int> StoreAsync(BeaconDbContext db, Guid practiceId, long countedAtVersion, DateOnly day, IEnumerable<ComplianceCell> cells, DateTime now, CancellationToken cancellationToken)
    {
        var text = Write(cells);
        if (db.Database.IsNpgsql())
        {
            // A status write holding the row (a long refresh) is not waited for: the next view stores instead.
            return db.Database.ExecuteSqlAsync($"""
                UPDATE compliance_snapshots SET cells_version = data_version, cells_day = {day}, cells = {text}, computed_at = {now}
                WHERE practice_id = (SELECT practice_id FROM compliance_snapshots WHERE practice_id = {practiceId} AND data_version = {countedAtVersion} FOR UPDATE SKIP LOCKED)
                  AND data_version = {countedAtVersion}
                """, cancellationToken);
        }
        return db.Database.ExecuteSqlAsync($"""
            UPDATE compliance_snapshots SET cells_version = data_version, cells_day = {day}, cells = {text}, computed_at = {now}
            WHERE practice_id = {practiceId} AND data_version = {countedAtVersion}
            """, cancellationToken);
    }

    /// <summary>
    /// For a status write about to replace some people's rows: the practice's kept figures when they are current
    /// (version and cells; the day they were counted for may be an earlier one), otherwise null. On PostgreSQL the
    /// row stays locked until the write's transaction ends, so a second writer waits here and then reads the cells
    /// this one stored; a view or the day job never waits for it (they skip a locked row). SQLite runs one write
    /// transaction at a time, and the write has already begun (the change that triggered the refresh).
    /// </summary>
    public static async Task<KeptCells?> LockForWriteAsync(BeaconDbContext db, Guid practiceId, CancellationToken cancellationToken)
    {
        var rows = db.Database.IsNpgsql()
            ? await db.ComplianceSnapshots.FromSql($"SELECT * FROM compliance_snapshots WHERE practice_id = {practiceId} FOR UPDATE")
                .IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken)
            : await db.ComplianceSnapshots.IgnoreQueryFilters().AsNoTracking().Where(s => s.PracticeId == practiceId).ToListAsync(cancellationToken);
        return rows is [{ Cells: { } cells, CellsDay: { } day, CellsVersion: { } version } row] && version == row.DataVersion
            ? new KeptCells(row.DataVersion, day, cells)
            : null;
    }

    /// <summary>
    /// Stores the kept cells moved on by a write's <paramref name="change"/>, with the data version and the cells'
    /// version going up together (one write). False when the change does not fit the cells (a group would go below
    /// zero, which only a bug could cause): the caller then marks the figures out of date instead.
    /// </summary>
    public static async Task<bool> MoveAsync(BeaconDbContext db, Guid practiceId, KeptCells kept, ComplianceChange change, DateTime now, CancellationToken cancellationToken)
    {
        if (change.ApplyTo(Read(kept.Cells)) is not { } moved)
        {
            return false;
        }
        var text = Write(moved);
        var stored = await db.Database.ExecuteSqlAsync($"""
            UPDATE compliance_snapshots SET data_version = data_version + 1, cells_version = data_version + 1, cells = {text}, computed_at = {now}
            WHERE practice_id = {practiceId} AND data_version = {kept.DataVersion} AND cells_version = {kept.DataVersion}
            """, cancellationToken);
        return stored == 1;
    }

    /// <summary>[["site", "role", "requirement", state, count], …]</summary>
    internal static string Write(IEnumerable<ComplianceCell> cells)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var cell in cells)
            {
                json.WriteStartArray();
                json.WriteStringValue(cell.SiteId);
                json.WriteStringValue(cell.JobRole);
                json.WriteStringValue(cell.RequirementId);
                json.WriteNumberValue((int)cell.State);
                json.WriteNumberValue(cell.Count);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal static List<ComplianceCell> Read(string text)
    {
        using var document = JsonDocument.Parse(text);
        var cells = new List<ComplianceCell>(document.RootElement.GetArrayLength());
        foreach (var cell in document.RootElement.EnumerateArray())
        {
            cells.Add(new ComplianceCell(cell[0].GetGuid(), cell[1].GetString()!, cell[2].GetGuid(), (DueState)cell[3].GetInt32(), cell[4].GetInt32()));
        }
        return cells;
    }
}

/// <summary>A practice's current kept cells as a status write found them (locked on PostgreSQL).</summary>
public sealed record KeptCells(long DataVersion, DateOnly Day, string Cells);

/// <summary>
/// What a status write does to the kept cells: the groups of the rows it replaces taken away, the groups of the
/// rows it writes added, both classified for the cells' own day with the aggregate's rule
/// (<see cref="ComplianceFigures.Cells"/>).
/// </summary>
public sealed class ComplianceChange(DateOnly day)
{
    private readonly Dictionary<(Guid SiteId, string JobRole, Guid RequirementId, DueState State), int> _counts = [];

    public DateOnly Day { get; } = day;

    public void Remove(IEnumerable<ComplianceCell> cells) => Add(cells, -1);

    public void Add(IEnumerable<ComplianceCell> cells) => Add(cells, 1);

    private void Add(IEnumerable<ComplianceCell> cells, int sign)
    {
        foreach (var cell in cells)
        {
            var key = (cell.SiteId, cell.JobRole, cell.RequirementId, cell.State);
            _counts[key] = _counts.GetValueOrDefault(key) + (sign * cell.Count);
        }
    }

    /// <summary>The cells with the change applied and groups reaching zero dropped; null if any would go below zero.</summary>
    public List<ComplianceCell>? ApplyTo(IEnumerable<ComplianceCell> cells)
    {
        var counts = new Dictionary<(Guid SiteId, string JobRole, Guid RequirementId, DueState State), int>();
        foreach (var cell in cells)
        {
            var key = (cell.SiteId, cell.JobRole, cell.RequirementId, cell.State);
            counts[key] = counts.GetValueOrDefault(key) + cell.Count;
        }
        foreach (var (key, change) in _counts)
        {
            counts[key] = counts.GetValueOrDefault(key) + change;
        }
        if (counts.Values.Any(c => c < 0))
        {
            return null;
        }
        return [.. counts.Where(c => c.Value > 0).Select(c => new ComplianceCell(c.Key.SiteId, c.Key.JobRole, c.Key.RequirementId, c.Key.State, c.Value))];
    }
}
