using Beacon.Features.Certificates;
using Beacon.Features.Courses;
using Beacon.Features.Learning;
using Beacon.Features.LiveSessions;
using Beacon.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Data.Configurations;

internal sealed class CourseVersionConfiguration : IEntityTypeConfiguration<CourseVersion>
{
    public void Configure(EntityTypeBuilder<CourseVersion> builder)
    {
        builder.Property(v => v.CourseId).HasMaxLength(64);
        builder.Property(v => v.Version).HasMaxLength(20);
        builder.Property(v => v.Title).HasMaxLength(300);
        builder.Property(v => v.ContentHash).HasMaxLength(64);
        builder.HasIndex(v => new { v.CourseId, v.Version }).IsUnique();
    }
}

internal sealed class CourseProgressConfiguration : IEntityTypeConfiguration<CourseProgress>
{
    public void Configure(EntityTypeBuilder<CourseProgress> builder)
    {
        builder.Property(p => p.CourseId).HasMaxLength(64);
        builder.Property(p => p.Version).HasMaxLength(20);
        builder.Property(p => p.Track).HasMaxLength(40);
        builder.Property(p => p.CurrentModuleId).HasMaxLength(64);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(p => p.StaffMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.PracticeId, p.StaffMemberId, p.CourseId, p.Version, p.Track }).IsUnique();
    }
}

internal sealed class ModuleCompletionConfiguration : IEntityTypeConfiguration<ModuleCompletion>
{
    public void Configure(EntityTypeBuilder<ModuleCompletion> builder)
    {
        builder.Property(m => m.ModuleId).HasMaxLength(64);
        builder.HasOne<CourseProgress>().WithMany().HasForeignKey(m => m.ProgressId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.PracticeId, m.ProgressId, m.ModuleId }).IsUnique();
    }
}

internal sealed class ModuleTimeConfiguration : IEntityTypeConfiguration<ModuleTime>
{
    public void Configure(EntityTypeBuilder<ModuleTime> builder)
    {
        builder.Property(m => m.ModuleId).HasMaxLength(64);
        builder.HasOne<CourseProgress>().WithMany().HasForeignKey(m => m.ProgressId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.PracticeId, m.ProgressId, m.ModuleId }).IsUnique();
    }
}

internal sealed class CheckAnswerConfiguration : IEntityTypeConfiguration<CheckAnswer>
{
    public void Configure(EntityTypeBuilder<CheckAnswer> builder)
    {
        builder.Property(a => a.QuestionId).HasMaxLength(32);
        builder.HasOne<CourseProgress>().WithMany().HasForeignKey(a => a.ProgressId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.PracticeId, a.ProgressId, a.QuestionId });
        builder.HasIndex(a => new { a.PracticeId, a.QuestionId });
    }
}

internal sealed class AssessmentAttemptConfiguration : IEntityTypeConfiguration<AssessmentAttempt>
{
    public void Configure(EntityTypeBuilder<AssessmentAttempt> builder)
    {
        builder.Property(a => a.CourseId).HasMaxLength(64);
        builder.Property(a => a.Version).HasMaxLength(20);
        builder.Property(a => a.Track).HasMaxLength(40);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(a => a.StaffMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.PracticeId, a.StaffMemberId, a.CourseId, a.Kind, a.StartedAt });
        builder.HasIndex(a => new { a.PracticeId, a.SessionId });
    }
}

internal sealed class AttemptAnswerConfiguration : IEntityTypeConfiguration<AttemptAnswer>
{
    public void Configure(EntityTypeBuilder<AttemptAnswer> builder)
    {
        builder.Property(a => a.QuestionId).HasMaxLength(32);
        builder.HasOne<AssessmentAttempt>().WithMany().HasForeignKey(a => a.AttemptId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.PracticeId, a.AttemptId, a.Position }).IsUnique();
        builder.HasIndex(a => new { a.PracticeId, a.QuestionId });
    }
}

internal sealed class CompletionConfiguration : IEntityTypeConfiguration<Completion>
{
    public void Configure(EntityTypeBuilder<Completion> builder)
    {
        builder.Property(c => c.CourseId).HasMaxLength(64);
        builder.Property(c => c.Version).HasMaxLength(20);
        builder.Property(c => c.Track).HasMaxLength(40);
        builder.Property(c => c.CeHours).HasPrecision(5, 2);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(c => c.StaffMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.PracticeId, c.StaffMemberId, c.CompletedOn });
        // One completion per passed attempt: a double submit cannot complete twice.
        builder.HasIndex(c => new { c.PracticeId, c.AttemptId }).IsUnique();
    }
}

internal sealed class LiveSessionConfiguration : IEntityTypeConfiguration<LiveSession>
{
    public void Configure(EntityTypeBuilder<LiveSession> builder)
    {
        builder.Property(s => s.Title).HasMaxLength(200);
        builder.Property(s => s.CourseId).HasMaxLength(64);
        builder.Property(s => s.Version).HasMaxLength(20);
        builder.Property(s => s.Track).HasMaxLength(40);
        builder.Property(s => s.Location).HasMaxLength(300);
        builder.Property(s => s.CheckInCode).HasMaxLength(12);
        builder.HasIndex(s => new { s.PracticeId, s.StartsAt });
        // Codes are looked up before the practice is known (a learner types it); they are unique while in use.
        builder.HasIndex(s => s.CheckInCode);
        builder.HasOne<Beacon.Features.Series.LiveSeries>().WithMany().HasForeignKey(s => s.SeriesId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.SeriesId, s.RecurrenceId }).IsUnique();
    }
}

internal sealed class AttendanceConfiguration : IEntityTypeConfiguration<Attendance>
{
    public void Configure(EntityTypeBuilder<Attendance> builder)
    {
        builder.HasOne<LiveSession>().WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(a => a.StaffMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.PracticeId, a.SessionId, a.StaffMemberId }).IsUnique();
    }
}

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> builder)
    {
        builder.Property(c => c.Number).HasMaxLength(32);
        builder.Property(c => c.VerificationCode).HasMaxLength(64);
        builder.Property(c => c.RevokedReason).HasMaxLength(500);
        builder.HasOne<Completion>().WithMany().HasForeignKey(c => c.CompletionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.VerificationCode).IsUnique();
        builder.HasIndex(c => c.Number).IsUnique();
        builder.HasIndex(c => new { c.PracticeId, c.StaffMemberId });
        builder.HasIndex(c => new { c.PracticeId, c.CompletionId }).IsUnique();
    }
}
