using Beacon.Features.LiveSessions;
using Beacon.Features.Roster;
using Beacon.Features.Series;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Data.Configurations;

internal sealed class LiveSeriesConfiguration : IEntityTypeConfiguration<LiveSeries>
{
    public void Configure(EntityTypeBuilder<LiveSeries> builder)
    {
        builder.Property(s => s.Uid).HasMaxLength(200);
        builder.Property(s => s.Title).HasMaxLength(200);
        builder.Property(s => s.CourseId).HasMaxLength(64);
        builder.Property(s => s.Version).HasMaxLength(20);
        builder.Property(s => s.Track).HasMaxLength(40);
        builder.Property(s => s.Location).HasMaxLength(300);
        builder.Property(s => s.TimeZoneId).HasMaxLength(64);
        builder.Property(s => s.RRule).HasMaxLength(300);
        builder.HasIndex(s => s.Uid).IsUnique();
        builder.HasIndex(s => new { s.PracticeId, s.CreatedAt });
    }
}

internal sealed class SessionBookingConfiguration : IEntityTypeConfiguration<SessionBooking>
{
    public void Configure(EntityTypeBuilder<SessionBooking> builder)
    {
        builder.HasOne<LiveSession>().WithMany().HasForeignKey(b => b.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(b => b.StaffMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(b => new { b.SessionId, b.StaffMemberId }).IsUnique();
        // The capacity guarantee: a seat number is held by one booking at most (wait-listed rows have none,
        // and NULLs never collide in a unique index on either database).
        builder.HasIndex(b => new { b.SessionId, b.Seat }).IsUnique();
        builder.HasIndex(b => new { b.PracticeId, b.StaffMemberId });
    }
}

internal sealed class SessionInvitationConfiguration : IEntityTypeConfiguration<SessionInvitation>
{
    public void Configure(EntityTypeBuilder<SessionInvitation> builder)
    {
        builder.HasOne<LiveSession>().WithMany().HasForeignKey(i => i.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(i => i.StaffMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => new { i.SessionId, i.StaffMemberId }).IsUnique();
    }
}

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> builder)
    {
        builder.Property(f => f.TokenHash).HasMaxLength(64);
        builder.HasIndex(f => f.TokenHash).IsUnique();
        builder.HasIndex(f => new { f.PracticeId, f.OwnerUserId });
    }
}
