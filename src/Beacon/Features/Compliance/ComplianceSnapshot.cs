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
/// statuses (<see cref="ComplianceSnapshots.InvalidateAsync"/>), and <see cref="Cells"/> are the dashboard's
/// aggregate as computed for <see cref="CellsDay"/> at <see cref="CellsVersion"/>. They are used only while
/// both still match, so a status change or a new practice day (due soon and overdue move with the calendar)
/// makes the next view recount.
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

/// <summary>Reads, fills and invalidates <see cref="ComplianceSnapshot"/>.</summary>
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
        var text = Write(cells);
        if (kept is null)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO compliance_snapshots (practice_id, data_version, cells_version, cells_day, cells, computed_at)
                VALUES ({practiceId}, 0, 0, {today}, {text}, {now}) ON CONFLICT (practice_id) DO NOTHING
                """, cancellationToken);
        }
        else if (db.Database.IsNpgsql())
        {
            // A status write holding the row (a long refresh) is not waited for: the next view stores instead.
            await db.Database.ExecuteSqlAsync($"""
                UPDATE compliance_snapshots SET cells_version = data_version, cells_day = {today}, cells = {text}, computed_at = {now}
                WHERE practice_id = (SELECT practice_id FROM compliance_snapshots WHERE practice_id = {practiceId} AND data_version = {kept.DataVersion} FOR UPDATE SKIP LOCKED)
                  AND data_version = {kept.DataVersion}
                """, cancellationToken);
        }
        else
        {
            await db.Database.ExecuteSqlAsync($"""
                UPDATE compliance_snapshots SET cells_version = data_version, cells_day = {today}, cells = {text}, computed_at = {now}
                WHERE practice_id = {practiceId} AND data_version = {kept.DataVersion}
                """, cancellationToken);
        }
        return cells;
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
