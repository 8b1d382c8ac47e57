using Beacon.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Features.Reminders;

internal sealed class ReminderSettingsConfiguration : IEntityTypeConfiguration<ReminderSettings>
{
    public void Configure(EntityTypeBuilder<ReminderSettings> builder)
    {
        builder.Property(s => s.BeforeDays).HasMaxLength(100);
        builder.HasIndex(s => s.PracticeId).IsUnique();
        builder.HasOne<Practices.Practice>().WithMany().HasForeignKey(s => s.PracticeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReminderPreferenceConfiguration : IEntityTypeConfiguration<ReminderPreference>
{
    public void Configure(EntityTypeBuilder<ReminderPreference> builder)
    {
        builder.HasKey(p => new { p.PracticeId, p.StaffMemberId });
        builder.HasOne<Roster.StaffMember>().WithMany().HasForeignKey(p => p.StaffMemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReminderLedgerConfiguration : IEntityTypeConfiguration<ReminderLedgerEntry>
{
    public void Configure(EntityTypeBuilder<ReminderLedgerEntry> builder)
    {
        builder.ToTable("reminder_ledger");
        // The unique key that makes every re-run harmless.
        builder.HasKey(l => new { l.PracticeId, l.PersonId, l.RequirementId, l.Cycle, l.Kind });
        builder.Property(l => l.Kind).HasMaxLength(40);
        builder.Property(l => l.Audience).HasMaxLength(16);
        // Folding reads a practice's waiting rows.
        builder.HasIndex(l => new { l.PracticeId, l.FoldedOn });
    }
}

internal sealed class ReminderMailDayConfiguration : IEntityTypeConfiguration<ReminderMailDay>
{
    public void Configure(EntityTypeBuilder<ReminderMailDay> builder)
    {
        builder.HasKey(d => new { d.PracticeId, d.Recipient, d.Audience, d.LocalDay });
        builder.Property(d => d.Recipient).HasMaxLength(256);
        builder.Property(d => d.Audience).HasMaxLength(16);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.Title).HasMaxLength(200);
        builder.Property(n => n.Body).HasMaxLength(4000);
        builder.Property(n => n.Link).HasMaxLength(300);
        builder.HasIndex(n => new { n.PracticeId, n.UserId, n.ReadAt });
        builder.HasIndex(n => new { n.PracticeId, n.UserId, n.CreatedAt });
    }
}
