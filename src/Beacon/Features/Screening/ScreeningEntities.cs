using Beacon.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Features.Screening;

/// <summary>
/// A licensed instrument's item file imported by a provider administrator: installation-wide (no practice),
/// kept as the checked YAML text so it is re-read exactly as it was validated. Retired files stay as records.
/// </summary>
public sealed class ImportedInstrument
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string InstrumentId { get; set; }
    public required string Version { get; set; }
    public required string Name { get; set; }
    public required string FileName { get; set; }
    public required string Content { get; set; }
    public required string Sha256 { get; set; }

    /// <summary>The provider's note of the right to use the item text (agreement, holder, term).</summary>
    public required string LicenceNote { get; set; }

    public Guid ImportedByUserId { get; set; }
    public required string ImportedByName { get; set; }
    public DateTime ImportedAt { get; set; }
    public DateTime? RetiredAt { get; set; }
    public string? RetiredByName { get; set; }
}

/// <summary>
/// A practice's toolkit settings: the instruments its staff are offered (comma-separated ids) and the
/// anonymous tally switch (off by default). A practice without a row is offered the shipped instruments.
/// </summary>
public sealed class PracticeToolkitSettings : Data.ITenantOwned, IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public bool TallyEnabled { get; set; }
    public string OfferedInstruments { get; set; } = "";
    public DateTime UpdatedAt { get; set; }

    public IReadOnlySet<string> Offered => OfferedInstruments.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    Guid IAuditedRow.AuditPracticeId => PracticeId;
    string IAuditedRow.AuditTypeName => "toolkit-settings";
}

/// <summary>
/// One anonymous tally record (issue 6, part 9): the practice-local day (no time), a site, the instrument,
/// the result band and the actions taken, chosen from a fixed list. Nothing else: no person, no account,
/// no answers, no free text. Not audited, because an audit entry names its actor.
/// </summary>
public sealed class ScreeningTally : Data.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public DateOnly Day { get; set; }
    public Guid? SiteId { get; set; }
    public required string InstrumentId { get; set; }
    public required string BandId { get; set; }

    /// <summary>Comma-separated ids from <see cref="TallyActions.All"/>.</summary>
    public string Actions { get; set; } = "";
}

/// <summary>The actions staff may record after a result: a fixed list, so no free text reaches the tally.</summary>
public static class TallyActions
{
    public static IReadOnlyList<(string Id, string Label)> All { get; } =
    [
        ("followed-protocol", "Followed the protocol"),
        ("gave-hotline", "Gave hotline information"),
        ("offered-referral", "Offered a referral to a local partner"),
        ("consulted-lead", "Consulted the practice's named lead"),
        ("reported", "Made a report the law requires"),
        ("patient-declined", "The patient declined help"),
    ];

    public static string LabelOf(string id) => All.FirstOrDefault(a => a.Id == id).Label ?? id;
}

internal sealed class ImportedInstrumentConfiguration : IEntityTypeConfiguration<ImportedInstrument>
{
    public void Configure(EntityTypeBuilder<ImportedInstrument> builder)
    {
        builder.Property(i => i.InstrumentId).HasMaxLength(100);
        builder.Property(i => i.Version).HasMaxLength(20);
        builder.Property(i => i.Name).HasMaxLength(300);
        builder.Property(i => i.FileName).HasMaxLength(260);
        builder.Property(i => i.Sha256).HasMaxLength(64);
        builder.Property(i => i.LicenceNote).HasMaxLength(2000);
        builder.Property(i => i.ImportedByName).HasMaxLength(200);
        builder.Property(i => i.RetiredByName).HasMaxLength(200);
        builder.HasIndex(i => new { i.InstrumentId, i.Version }).IsUnique();
    }
}

internal sealed class PracticeToolkitSettingsConfiguration : IEntityTypeConfiguration<PracticeToolkitSettings>
{
    public void Configure(EntityTypeBuilder<PracticeToolkitSettings> builder)
    {
        builder.ToTable("practice_toolkit_settings");
        builder.Property(s => s.OfferedInstruments).HasMaxLength(2000);
        builder.HasIndex(s => s.PracticeId).IsUnique();
        builder.HasOne<Practices.Practice>().WithMany().HasForeignKey(s => s.PracticeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScreeningTallyConfiguration : IEntityTypeConfiguration<ScreeningTally>
{
    public void Configure(EntityTypeBuilder<ScreeningTally> builder)
    {
        builder.ToTable("screening_tallies");
        builder.Property(t => t.InstrumentId).HasMaxLength(100);
        builder.Property(t => t.BandId).HasMaxLength(100);
        builder.Property(t => t.Actions).HasMaxLength(300);
        builder.HasIndex(t => new { t.PracticeId, t.Day });
        builder.HasOne<Practices.Practice>().WithMany().HasForeignKey(t => t.PracticeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Practices.Site>().WithMany().HasForeignKey(t => t.SiteId).OnDelete(DeleteBehavior.SetNull);
    }
}
