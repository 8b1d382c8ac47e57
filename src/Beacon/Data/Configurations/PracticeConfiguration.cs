using Beacon.Features.Practices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Data.Configurations;

internal sealed class PracticeConfiguration : IEntityTypeConfiguration<Practice>
{
    public void Configure(EntityTypeBuilder<Practice> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.StateCode).HasMaxLength(2);
        builder.Property(p => p.TimeZoneId).HasMaxLength(64);
        builder.Property(p => p.EmployeeAssistance).HasMaxLength(300);
    }
}

internal sealed class SiteConfiguration : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.HasOne<Practice>().WithMany().HasForeignKey(s => s.PracticeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.PracticeId, s.Name }).IsUnique();
    }
}
