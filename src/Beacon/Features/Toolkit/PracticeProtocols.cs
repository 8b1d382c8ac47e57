using Beacon.Data;
using Beacon.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Features.Toolkit;

/// <summary>
/// A version of a practice's response protocol, published by a practice administrator. Versions are never
/// changed or deleted: the newest is what staff see, the others are its history. Audited.
/// </summary>
public sealed class ProtocolVersion : ITenantOwned, IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }

    /// <summary>1, 2, 3… per practice; unique, so two administrators publishing at once cannot both be "version 4".</summary>
    public int Number { get; set; }

    public required string Markdown { get; set; }
    public required string ChangeNote { get; set; }

    /// <summary>The Beacon default version the practice started from (for example 1.0.0).</summary>
    public required string BasedOnDefault { get; set; }

    public Guid? PublishedByUserId { get; set; }
    public required string PublishedByName { get; set; }
    public DateTime PublishedAt { get; set; }

    Guid IAuditedRow.AuditPracticeId => PracticeId;
    string IAuditedRow.AuditTypeName => "protocol-version";
}

internal sealed class ProtocolVersionConfiguration : IEntityTypeConfiguration<ProtocolVersion>
{
    public void Configure(EntityTypeBuilder<ProtocolVersion> builder)
    {
        builder.Property(v => v.Markdown).HasMaxLength(ProtocolText.MaxLength);
        builder.Property(v => v.ChangeNote).HasMaxLength(500);
        builder.Property(v => v.BasedOnDefault).HasMaxLength(20);
        builder.Property(v => v.PublishedByName).HasMaxLength(200);
        builder.HasIndex(v => new { v.PracticeId, v.Number }).IsUnique();
    }
}

/// <summary>What staff see: the practice's newest published version, or Beacon's default until there is one.</summary>
public sealed record CurrentProtocol(int? Number, string Markdown, string Title, DateTime? PublishedAt, string? PublishedBy, string DefaultVersion)
{
    public bool IsDefault => Number is null;
}

public sealed class PracticeProtocols(BeaconDbContext db, ToolkitCatalog catalog)
{
    public async Task<CurrentProtocol> CurrentAsync(CancellationToken cancellationToken)
    {
        var protocol = catalog.Content.Protocol;
        var latest = await db.ProtocolVersions.AsNoTracking()
            .OrderByDescending(v => v.Number)
            .Select(v => new { v.Number, v.Markdown, v.PublishedAt, v.PublishedByName })
            .FirstOrDefaultAsync(cancellationToken);
        return latest is null
            ? new CurrentProtocol(null, protocol.Markdown, protocol.Title, null, null, protocol.Version)
            : new CurrentProtocol(latest.Number, latest.Markdown, protocol.Title, latest.PublishedAt, latest.PublishedByName, protocol.Version);
    }
}
