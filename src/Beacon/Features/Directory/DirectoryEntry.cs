using Beacon.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Features.ReferralDirectory;

/// <summary>
/// One of the practice's local referral partners (content/toolkit/directory-fields.md). An organisation
/// only: no field is about a patient. Lists hold ids separated by "; " as they are written to CSV.
/// </summary>
public sealed class DirectoryEntry : Data.ITenantOwned, IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public string Name { get; set; } = "";
    public string Categories { get; set; } = "";
    public string Services { get; set; } = "";
    public string? Description { get; set; }
    public int? AgeMin { get; set; }
    public int? AgeMax { get; set; }
    public string Genders { get; set; } = "";
    public string TraffickingTypes { get; set; } = "";
    public string Nationalities { get; set; } = "";
    public bool LgbtqFocus { get; set; }
    public string? Eligibility { get; set; }
    public string ServiceArea { get; set; } = "";
    public string? State { get; set; }
    public string? Address { get; set; }
    public bool ConfidentialLocation { get; set; }
    public string? Hours { get; set; }
    public bool Open24x7 { get; set; }

    /// <summary>E.164 (+1 and ten digits) or a three-digit service number such as 988.</summary>
    public string? Phone { get; set; }

    /// <summary>E.164, or a 5–6 digit short code.</summary>
    public string? TextNumber { get; set; }

    public string? Email { get; set; }
    public string? Web { get; set; }
    public string ReferralMethods { get; set; } = "";
    public string Languages { get; set; } = "";
    public bool InterpreterAccess { get; set; }
    public string? Accessibility { get; set; }
    public string Cost { get; set; } = "";
    public string? InsuranceNotes { get; set; }
    public string Capacity { get; set; } = "unknown";
    public string? CapacityNotes { get; set; }
    public string LawEnforcementPosture { get; set; } = "unknown";
    public string? Confidentiality { get; set; }
    public string TraumaInformed { get; set; } = "unknown";
    public string SurvivorLed { get; set; } = "unknown";
    public string? PartnerContact { get; set; }
    public bool Mou { get; set; }
    public DateOnly? MouDate { get; set; }
    public bool OnPatientCard { get; set; }
    public string? PatientCardLabel { get; set; }
    public DateOnly LastVerified { get; set; }
    public string VerifiedBy { get; set; } = "";
    public DateOnly NextReview { get; set; }
    public string? Notes { get; set; }
    public bool Active { get; set; } = true;

    /// <summary>The review date the practice's administrators were last told about, so each is told once.</summary>
    public DateOnly? ReviewNoticeFor { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    Guid IAuditedRow.AuditPracticeId => PracticeId;
    string IAuditedRow.AuditTypeName => "directory-entry";

    public static IEnumerable<string> Split(string list) =>
        list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// A national line (the trafficking hotline first), installation-wide: seeded from
/// content/resources/national.yaml when absent, then kept by the provider's administrators.
/// </summary>
public sealed class NationalResourceRow : IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The id in national.yaml (e.g. national-hotline); other content refers to the entry by it.</summary>
    public string Key { get; set; } = "";

    public int SortOrder { get; set; }
    public string Name { get; set; } = "";

    /// <summary>E.164 or a three-digit service number.</summary>
    public string Phone { get; set; } = "";

    /// <summary>E.164 or a short code.</summary>
    public string? TextNumber { get; set; }

    public string? Web { get; set; }
    public string? Hours { get; set; }
    public bool Open24x7 { get; set; }
    public string? Languages { get; set; }
    public string? Operator { get; set; }
    public string? Note { get; set; }
    public string Categories { get; set; } = "hotlines-task-forces";
    public string LawEnforcementPosture { get; set; } = "unknown";
    public DateOnly LastVerified { get; set; }
    public DateTime UpdatedAt { get; set; }

    Guid IAuditedRow.AuditPracticeId => Guid.Empty;
    string IAuditedRow.AuditTypeName => "national-resource";
}

internal sealed class DirectoryEntryConfiguration : IEntityTypeConfiguration<DirectoryEntry>
{
    public void Configure(EntityTypeBuilder<DirectoryEntry> builder)
    {
        builder.ToTable("directory_entries");
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.Property(e => e.Categories).HasMaxLength(1000);
        builder.Property(e => e.Services).HasMaxLength(1000);
        builder.Property(e => e.Description).HasMaxLength(500);
        builder.Property(e => e.Genders).HasMaxLength(200);
        builder.Property(e => e.TraffickingTypes).HasMaxLength(100);
        builder.Property(e => e.Nationalities).HasMaxLength(200);
        builder.Property(e => e.Eligibility).HasMaxLength(500);
        builder.Property(e => e.ServiceArea).HasMaxLength(200);
        builder.Property(e => e.State).HasMaxLength(2);
        builder.Property(e => e.Address).HasMaxLength(300);
        builder.Property(e => e.Hours).HasMaxLength(200);
        builder.Property(e => e.Phone).HasMaxLength(20);
        builder.Property(e => e.TextNumber).HasMaxLength(20);
        builder.Property(e => e.Email).HasMaxLength(254);
        builder.Property(e => e.Web).HasMaxLength(500);
        builder.Property(e => e.ReferralMethods).HasMaxLength(300);
        builder.Property(e => e.Languages).HasMaxLength(300);
        builder.Property(e => e.Accessibility).HasMaxLength(300);
        builder.Property(e => e.Cost).HasMaxLength(100);
        builder.Property(e => e.InsuranceNotes).HasMaxLength(300);
        builder.Property(e => e.Capacity).HasMaxLength(20);
        builder.Property(e => e.CapacityNotes).HasMaxLength(300);
        builder.Property(e => e.LawEnforcementPosture).HasMaxLength(20);
        builder.Property(e => e.Confidentiality).HasMaxLength(500);
        builder.Property(e => e.TraumaInformed).HasMaxLength(10);
        builder.Property(e => e.SurvivorLed).HasMaxLength(10);
        builder.Property(e => e.PartnerContact).HasMaxLength(200);
        builder.Property(e => e.PatientCardLabel).HasMaxLength(40);
        builder.Property(e => e.VerifiedBy).HasMaxLength(100);
        builder.Property(e => e.Notes).HasMaxLength(1000);
        builder.HasIndex(e => new { e.PracticeId, e.Active, e.Name });
        builder.HasIndex(e => new { e.PracticeId, e.NextReview });
    }
}

internal sealed class NationalResourceRowConfiguration : IEntityTypeConfiguration<NationalResourceRow>
{
    public void Configure(EntityTypeBuilder<NationalResourceRow> builder)
    {
        builder.ToTable("national_resources");
        builder.Property(e => e.Key).HasMaxLength(64);
        builder.HasIndex(e => e.Key).IsUnique();
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.Property(e => e.Phone).HasMaxLength(20);
        builder.Property(e => e.TextNumber).HasMaxLength(20);
        builder.Property(e => e.Web).HasMaxLength(500);
        builder.Property(e => e.Hours).HasMaxLength(200);
        builder.Property(e => e.Languages).HasMaxLength(500);
        builder.Property(e => e.Operator).HasMaxLength(300);
        builder.Property(e => e.Note).HasMaxLength(2000);
        builder.Property(e => e.Categories).HasMaxLength(1000);
        builder.Property(e => e.LawEnforcementPosture).HasMaxLength(20);
    }
}
