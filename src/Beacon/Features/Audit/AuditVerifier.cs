using Beacon.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Audit;

/// <summary>The result of checking one practice's audit chain.</summary>
public sealed record ChainReport(Guid PracticeId, long Entries, bool Intact, long? BrokenAt, string? Problem)
{
    public string Describe() => Intact
        ? $"{Label}: {Entries} entries, chain intact"
        : $"{Label}: TAMPERED at entry {BrokenAt}: {Problem}";

    private string Label => PracticeId == Guid.Empty ? "installation" : $"practice {PracticeId}";
}

public static class AuditExtensions
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditVerifier>();
        return builder;
    }
}

/// <summary>
/// Walks a chain from its first entry, recomputing every hash: an edited entry fails its own hash, a
/// removed or inserted one breaks the sequence or the link, and a removed tail no longer meets the head.
/// </summary>
public sealed class AuditVerifier(BeaconDbContext db, TenantContext tenant)
{
    public async Task<IReadOnlyList<ChainReport>> VerifyAllAsync(CancellationToken cancellationToken)
    {
        tenant.ActAsSystem();
        var practices = await db.AuditChainHeads.AsNoTracking().Select(h => h.PracticeId).OrderBy(id => id).ToListAsync(cancellationToken);
        var reports = new List<ChainReport>();
        foreach (var practiceId in practices)
        {
            reports.Add(await VerifyAsync(practiceId, cancellationToken));
        }
        return reports;
    }

    public async Task<ChainReport> VerifyAsync(Guid practiceId, CancellationToken cancellationToken)
    {
        var head = await db.AuditChainHeads.AsNoTracking().FirstOrDefaultAsync(h => h.PracticeId == practiceId, cancellationToken);
        var expected = 1L;
        var previous = AuditTrail.Genesis;
        var entries = db.AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.PracticeId == practiceId)
            .OrderBy(e => e.Sequence)
            .AsAsyncEnumerable();
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            if (entry.Sequence != expected)
            {
                return Broken(practiceId, expected - 1, expected, entry.Sequence > expected
                    ? $"entry {expected} is missing"
                    : $"entry {entry.Sequence} appears twice");
            }
            if (!string.Equals(entry.PreviousHash, previous, StringComparison.Ordinal))
            {
                return Broken(practiceId, expected - 1, entry.Sequence, "it does not link to the entry before it");
            }
            if (!string.Equals(AuditTrail.ComputeHash(entry), entry.Hash, StringComparison.Ordinal))
            {
                return Broken(practiceId, expected - 1, entry.Sequence, "its contents were changed after it was written");
            }
            previous = entry.Hash;
            expected++;
        }

        var count = expected - 1;
        if (head is null)
        {
            return count == 0
                ? new ChainReport(practiceId, 0, true, null, null)
                : Broken(practiceId, count, 1, "the chain head is missing");
        }
        if (head.LastSequence != count || !string.Equals(head.LastHash, previous, StringComparison.Ordinal))
        {
            return Broken(practiceId, count, count + 1, head.LastSequence > count
                ? $"entries {count + 1} to {head.LastSequence} were removed"
                : "the chain head does not match the last entry");
        }
        return new ChainReport(practiceId, count, true, null, null);
    }

    private static ChainReport Broken(Guid practiceId, long checkedEntries, long at, string problem) =>
        new(practiceId, checkedEntries, false, at, problem);
}
