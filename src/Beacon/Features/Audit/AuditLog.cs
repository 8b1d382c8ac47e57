using System.Text.Json;
using Beacon.Data;

namespace Beacon.Features.Audit;

/// <summary>
/// Records events that are not row changes (sign-ins, invitations, role grants, exports). The entry is
/// added to the context and sealed into the chain by the next SaveChangesAsync, in the same transaction
/// as whatever else that save writes.
/// </summary>
public sealed class AuditLog(BeaconDbContext db, AuditActor actor, TimeProvider time)
{
    public void Record(Guid practiceId, string action, string? targetType = null, string? targetId = null, object? details = null)
    {
        var json = details is null ? null : JsonSerializer.Serialize(details);
        db.AuditEntries.Add(AuditTrail.NewEntry(actor, time.GetUtcNow().UtcDateTime, practiceId, action, targetType, targetId, json));
    }

    /// <summary>Records and saves at once: for events with no other change to save (a failed sign-in).</summary>
    public async Task RecordNowAsync(Guid practiceId, string action, string? targetType, string? targetId, object? details, CancellationToken cancellationToken)
    {
        Record(practiceId, action, targetType, targetId, details);
        await db.SaveChangesAsync(cancellationToken);
    }
}
