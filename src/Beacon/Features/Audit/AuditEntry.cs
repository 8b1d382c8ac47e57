namespace Beacon.Features.Audit;

/// <summary>
/// One change or security event. Append-only: each entry carries the hash of the one before it in its
/// practice's chain, so removing or editing any entry breaks every hash after it.
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The practice's chain; <see cref="Guid.Empty"/> for installation-level events (provider console).</summary>
    public Guid PracticeId { get; set; }

    /// <summary>Position in the practice's chain, from 1.</summary>
    public long Sequence { get; set; }

    /// <summary>UTC, truncated to whole microseconds so it survives every database unchanged.</summary>
    public DateTime At { get; set; }

    public Guid? ActorUserId { get; set; }
    public string? ActorName { get; set; }
    public required string Action { get; set; }
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }

    /// <summary>JSON: { "Field": { "before": …, "after": … } } for changed fields, or event details.</summary>
    public string? Changes { get; set; }

    public string? IpAddress { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}

/// <summary>The end of each practice's audit chain; its row is locked while entries are appended.</summary>
public sealed class AuditChainHead
{
    public Guid PracticeId { get; set; }
    public long LastSequence { get; set; }
    public required string LastHash { get; set; }
}
