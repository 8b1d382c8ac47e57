using Beacon.Features.Learning;
using Beacon.Features.Requirements;
using Beacon.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Data.Configurations;

internal sealed class RequirementConfiguration : IEntityTypeConfiguration<Requirement>
{
    public void Configure(EntityTypeBuilder<Requirement> builder)
    {
        builder.Ignore(r => r.Rule);
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.CourseId).HasMaxLength(64);
        builder.Property(r => r.Track).HasMaxLength(40);
        builder.Property(r => r.Roles).HasMaxLength(1000);
        builder.Property(r => r.Sites).HasMaxLength(4000);
        builder.Property(r => r.LicenceTypes).HasMaxLength(500);
        builder.Property(r => r.LicenceStates).HasMaxLength(500);
        builder.Property(r => r.MandateId).HasMaxLength(100);
        builder.Property(r => r.MandateReading).HasMaxLength(100);
        builder.HasIndex(r => new { r.PracticeId, r.Active });
    }
}

internal sealed class ExemptionConfiguration : IEntityTypeConfiguration<Exemption>
{
    public void Configure(EntityTypeBuilder<Exemption> builder)
    {
        builder.Property(e => e.Reason).HasMaxLength(500);
        builder.HasOne<Requirement>().WithMany().HasForeignKey(e => e.RequirementId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(e => e.StaffMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.PracticeId, e.StaffMemberId, e.RequirementId });
    }
}

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> builder)
    {
        builder.Property(e => e.FileName).HasMaxLength(260);
        builder.Property(e => e.ContentType).HasMaxLength(40);
        builder.Property(e => e.Sha256).HasMaxLength(64);
        builder.Property(e => e.Note).HasMaxLength(500);
        builder.HasOne<Completion>().WithMany().HasForeignKey(e => e.CompletionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.PracticeId, e.StaffMemberId });
    }
}

internal sealed class RequirementStatusConfiguration : IEntityTypeConfiguration<RequirementStatus>
{
    public void Configure(EntityTypeBuilder<RequirementStatus> builder)
    {
        builder.HasKey(s => new { s.PracticeId, s.RequirementId, s.StaffMemberId });
        builder.Property(s => s.JobRole).HasMaxLength(40);
        builder.HasOne<Requirement>().WithMany().HasForeignKey(s => s.RequirementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(s => s.StaffMemberId).OnDelete(DeleteBehavior.Cascade);
        // The dashboard reads a practice's statuses grouped by site and role.
        builder.HasIndex(s => new { s.PracticeId, s.Applies, s.SiteId, s.JobRole });
        builder.HasIndex(s => new { s.PracticeId, s.StaffMemberId });
    }
}

internal sealed class StaffSnapshotConfiguration : IEntityTypeConfiguration<StaffSnapshot>
{
    public void Configure(EntityTypeBuilder<StaffSnapshot> builder)
    {
        builder.Property(s => s.FirstName).HasMaxLength(100);
        builder.Property(s => s.LastName).HasMaxLength(100);
        builder.Property(s => s.JobRole).HasMaxLength(40);
        builder.Property(s => s.LicenceType).HasMaxLength(16);
        builder.Property(s => s.LicenceState).HasMaxLength(2);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(s => s.StaffMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.PracticeId, s.StaffMemberId, s.ValidFrom });
        builder.HasIndex(s => new { s.PracticeId, s.ValidFrom, s.ValidTo });
    }
}

internal sealed class RequirementVersionConfiguration : IEntityTypeConfiguration<RequirementVersion>
{
    public void Configure(EntityTypeBuilder<RequirementVersion> builder)
    {
        builder.HasOne<Requirement>().WithMany().HasForeignKey(v => v.RequirementId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(v => new { v.PracticeId, v.RequirementId, v.ValidFrom });
    }
}
