using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Beacon.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Beacon.Features.Audit;

/// <summary>Turns tracked changes into audit entries and seals them into the per-practice hash chain.</summary>
public static class AuditTrail
{
    /// <summary>The hash a chain starts from.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    internal static void CaptureChanges(BeaconDbContext db, AuditActor actor, TimeProvider time)
    {
        var now = Truncate(time.GetUtcNow().UtcDateTime);
        var entries = db.ChangeTracker.Entries()
            .Where(e => e.Entity is IAuditedRow && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        foreach (var entry in entries)
        {
            var row = (IAuditedRow)entry.Entity;
            var changes = Describe(entry);
            if (changes.Count == 0)
            {
                continue;
            }
            var verb = entry.State switch
            {
                EntityState.Added => "created",
                EntityState.Deleted => "deleted",
                _ => "updated",
            };
            db.AuditEntries.Add(NewEntry(actor, now, row.AuditPracticeId, $"{row.AuditTypeName}.{verb}", row.AuditTypeName, row.Id.ToString(), changes.ToJsonString(JsonOptions)));
        }
    }

    internal static AuditEntry NewEntry(AuditActor actor, DateTime at, Guid practiceId, string action, string? targetType, string? targetId, string? changes) => new()
    {
        PracticeId = practiceId,
        At = Truncate(at),
        ActorUserId = actor.UserId,
        ActorName = actor.Name,
        Action = action,
        TargetType = targetType,
        TargetId = targetId,
        Changes = changes,
        IpAddress = actor.IpAddress,
        PreviousHash = "",
        Hash = "",
    };

    /// <summary>
    /// Gives each pending entry its place in its practice's chain. The chain head row is locked (PostgreSQL
    /// FOR UPDATE; SQLite writers are serialised by the database lock) until the transaction commits.
    /// </summary>
    internal static async Task SealAsync(BeaconDbContext db, List<AuditEntry> pending, CancellationToken cancellationToken)
    {
        var postgres = db.Database.IsNpgsql();
        foreach (var chain in pending.GroupBy(e => e.PracticeId).OrderBy(g => g.Key))
        {
            var practiceId = chain.Key;
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO audit_chain_heads (practice_id, last_sequence, last_hash) VALUES ({practiceId}, {0L}, {Genesis}) ON CONFLICT (practice_id) DO NOTHING",
                cancellationToken);
            var head = postgres
                ? await db.Database.SqlQuery<ChainHead>($"SELECT last_sequence, last_hash FROM audit_chain_heads WHERE practice_id = {practiceId} FOR UPDATE").SingleAsync(cancellationToken)
                : await db.Database.SqlQuery<ChainHead>($"SELECT last_sequence, last_hash FROM audit_chain_heads WHERE practice_id = {practiceId}").SingleAsync(cancellationToken);

            var sequence = head.LastSequence;
            var hash = head.LastHash;
            foreach (var entry in chain)
            {
                entry.Sequence = ++sequence;
                entry.PreviousHash = hash;
                entry.Hash = ComputeHash(entry);
                hash = entry.Hash;
            }
            await db.Database.ExecuteSqlAsync(
                $"UPDATE audit_chain_heads SET last_sequence = {sequence}, last_hash = {hash} WHERE practice_id = {practiceId}",
                cancellationToken);
        }
    }

    /// <summary>SHA-256 over every recorded field and the previous hash, in a fixed, unambiguous layout.</summary>
    public static string ComputeHash(AuditEntry e)
    {
        var canonical = new JsonArray(
            e.Id.ToString(),
            e.PracticeId.ToString(),
            e.Sequence,
            e.At.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            e.ActorUserId?.ToString(),
            e.ActorName,
            e.Action,
            e.TargetType,
            e.TargetId,
            e.Changes,
            e.IpAddress,
            e.PreviousHash).ToJsonString(JsonOptions);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Both databases keep microseconds; so does the hash.</summary>
    public static DateTime Truncate(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    private static JsonObject Describe(EntityEntry entry)
    {
        var changes = new JsonObject();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (name is "PracticeId" or "Id" or "CreatedAt" or "UpdatedAt")
            {
                continue;
            }
            object? before = entry.State == EntityState.Added ? null : property.OriginalValue;
            object? after = entry.State == EntityState.Deleted ? null : property.CurrentValue;
            if (entry.State == EntityState.Modified && Equals(before, after))
            {
                continue;
            }
            if (entry.State == EntityState.Added && after is null)
            {
                continue;
            }
            changes[name] = new JsonObject
            {
                ["before"] = JsonValue(before),
                ["after"] = JsonValue(after),
            };
        }
        return changes;
    }

    private static JsonNode? JsonValue(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private sealed record ChainHead(long LastSequence, string LastHash);
}

/// <summary>Implemented by audited entities so <see cref="AuditTrail"/> can name them without reflection.</summary>
public interface IAuditedRow
{
    Guid Id { get; }
    Guid AuditPracticeId { get; }
    string AuditTypeName { get; }
}
