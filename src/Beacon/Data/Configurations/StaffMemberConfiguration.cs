using Beacon.Features.Practices;
using Beacon.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Data.Configurations;

internal sealed class StaffMemberConfiguration : IEntityTypeConfiguration<StaffMember>
{
    public void Configure(EntityTypeBuilder<StaffMember> builder)
    {
        builder.Ignore(s => s.FullName);
        builder.Property(s => s.FirstName).HasMaxLength(100);
        builder.Property(s => s.LastName).HasMaxLength(100);
        builder.Property(s => s.Email).HasMaxLength(254);
        builder.Property(s => s.EmployeeId).HasMaxLength(64);
        builder.Property(s => s.JobRole).HasMaxLength(40);
        builder.Property(s => s.LicenceType).HasMaxLength(16);
        builder.Property(s => s.LicenceNumber).HasMaxLength(64);
        builder.Property(s => s.LicenceState).HasMaxLength(2);

        builder.HasOne<Practice>().WithMany().HasForeignKey(s => s.PracticeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Site>().WithMany().HasForeignKey(s => s.SiteId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(s => s.ManagerId).OnDelete(DeleteBehavior.Restrict);

        // Every index leads with the practice, so the schema can later be distributed by practice.
        builder.HasIndex(s => new { s.PracticeId, s.EmployeeId }).IsUnique();
        builder.HasIndex(s => new { s.PracticeId, s.Email }).IsUnique();
        builder.HasIndex(s => new { s.PracticeId, s.LastName, s.FirstName });
        builder.HasIndex(s => new { s.PracticeId, s.SiteId });
        builder.HasIndex(s => new { s.PracticeId, s.ManagerId });
    }
}

internal sealed class RosterImportConfiguration : IEntityTypeConfiguration<RosterImport>
{
    public void Configure(EntityTypeBuilder<RosterImport> builder)
    {
        builder.Property(i => i.FileName).HasMaxLength(260);
        builder.Property(i => i.Format).HasMaxLength(8);
        builder.Property(i => i.FileHash).HasMaxLength(64);
        builder.Property(i => i.FileError).HasMaxLength(2000);
        builder.HasIndex(i => new { i.PracticeId, i.UploadedAt });
    }
}

internal sealed class RosterImportIssueConfiguration : IEntityTypeConfiguration<RosterImportIssue>
{
    public void Configure(EntityTypeBuilder<RosterImportIssue> builder)
    {
        builder.Property(i => i.Column).HasMaxLength(64);
        builder.Property(i => i.Message).HasMaxLength(500);
        builder.HasOne<RosterImport>().WithMany().HasForeignKey(i => i.ImportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => new { i.PracticeId, i.ImportId, i.Line });
    }
}

internal sealed class RosterImportChangeConfiguration : IEntityTypeConfiguration<RosterImportChange>
{
    public void Configure(EntityTypeBuilder<RosterImportChange> builder)
    {
        builder.Property(i => i.PersonName).HasMaxLength(210);
        builder.Property(i => i.EmployeeId).HasMaxLength(64);
        builder.Property(i => i.Detail).HasMaxLength(2000);
        builder.HasOne<RosterImport>().WithMany().HasForeignKey(i => i.ImportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => new { i.PracticeId, i.ImportId, i.Kind, i.Line });
    }
}
