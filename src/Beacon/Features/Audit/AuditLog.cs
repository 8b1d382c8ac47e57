using System.Text.Json;
using Beacon.Data;

namespace Beacon.Features.Audit;

/// <summary>
/// Records events that are not row changes (sign-ins, invitations, role grants, exports). The entry is
/// added to the context and sealed into the chain by the next SaveChangesAsync, in the same transaction
/// as whatever else that save writes.
/// </summary>
public sealed class AuditLog(BeaconDbContext db, AuditActor actor, TimeProvider time, IServiceProvider services)
{
    public void Record(Guid practiceId, string action, string? targetType = null, string? targetId = null, object? details = null) =>
        db.AuditEntries.Add(Entry(practiceId, action, targetType, targetId, details));

    /// <summary>
    /// Records and saves at once, in a context of its own: for events with nothing else to save (a failed
    /// sign-in). The request's own context may hold changes that must not be saved with it, such as a
    /// failed-attempt count that lost a race with a concurrent request.
    /// </summary>
    public async Task RecordNowAsync(Guid practiceId, string action, string? targetType, string? targetId, object? details, CancellationToken cancellationToken)
    {
        await using var own = ActivatorUtilities.CreateInstance<BeaconDbContext>(services);
        own.AuditEntries.Add(Entry(practiceId, action, targetType, targetId, details));
        await own.SaveChangesAsync(cancellationToken);
    }

    private AuditEntry Entry(Guid practiceId, string action, string? targetType, string? targetId, object? details) =>
        AuditTrail.NewEntry(actor, time.GetUtcNow().UtcDateTime, practiceId, action, targetType, targetId,
            details is null ? null : JsonSerializer.Serialize(details));
}
