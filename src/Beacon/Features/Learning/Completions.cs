using Beacon.Data;
using Beacon.Features.Certificates;
using Beacon.Features.Courses;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Learning;

/// <summary>Why a person has not completed yet, in words they can act on.</summary>
public sealed record CompletionCheck(Completion? Completion, string? Missing);

/// <summary>
/// Completion = (every module of the track, or attendance at a live session of the course and track)
/// + a passed post-test. A completion records the exact course version and track, and gets a certificate.
/// </summary>
public sealed class Completions(BeaconDbContext db, TenantContext tenant, CertificateIssuer certificates, TimeProvider time)
{
    public async Task<CompletionCheck> TryCompleteAsync(Guid staffMemberId, CoursePackage course, CourseTrack track, CancellationToken cancellationToken)
    {
        var passed = await db.AssessmentAttempts.AsNoTracking()
            .Where(a => a.StaffMemberId == staffMemberId && a.CourseId == course.Id && a.Version == course.Version && a.Track == track.Id
                && a.Kind == AttemptKind.PostTest && a.Passed == true)
            .OrderBy(a => a.SubmittedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (passed is null)
        {
            return new CompletionCheck(null, "Pass the post-test.");
        }
        var existing = await db.Completions.FirstOrDefaultAsync(c => c.AttemptId == passed.Id, cancellationToken);
        if (existing is not null)
        {
            return new CompletionCheck(existing, null);
        }

        var sessionId = passed.SessionId ?? await db.Attendances.AsNoTracking()
            .Where(a => a.StaffMemberId == staffMemberId)
            .Join(db.LiveSessions.Where(s => s.CourseId == course.Id && s.Track == track.Id && s.CancelledAt == null), a => a.SessionId, s => s.Id, (a, s) => (Guid?)s.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var attended = sessionId is { } id && await db.Attendances.AnyAsync(a => a.SessionId == id && a.StaffMemberId == staffMemberId, cancellationToken);
        if (!attended)
        {
            var done = await db.ModuleCompletions.AsNoTracking()
                .Where(m => db.CourseProgress.Any(p => p.Id == m.ProgressId && p.StaffMemberId == staffMemberId && p.CourseId == course.Id && p.Version == course.Version && p.Track == track.Id))
                .Select(m => m.ModuleId)
                .ToListAsync(cancellationToken);
            var missing = track.Modules.Except(done).ToList();
            if (missing.Count > 0)
            {
                var titles = missing.Select(m => course.Module(m)?.Title ?? m);
                return new CompletionCheck(null, "Finish these modules (or attend a live session): " + string.Join("; ", titles) + ".");
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        var completion = new Completion
        {
            PracticeId = tenant.PracticeId,
            StaffMemberId = staffMemberId,
            CourseId = course.Id,
            Version = course.Version,
            Track = track.Id,
            Basis = attended ? CompletionBasis.LiveSession : CompletionBasis.SelfPaced,
            AttemptId = passed.Id,
            SessionId = attended ? sessionId : null,
            CeHours = track.CeHours,
            CompletedOn = await PracticeDateAsync(now, cancellationToken),
            CompletedAt = now,
        };
        db.Completions.Add(completion);
        certificates.Issue(completion);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent request may have completed the same attempt first; if so, its completion stands.
            db.ChangeTracker.Clear();
            var winner = await db.Completions.FirstOrDefaultAsync(c => c.AttemptId == passed.Id, cancellationToken);
            if (winner is null)
            {
                throw;
            }
            return new CompletionCheck(winner, null);
        }
        return new CompletionCheck(completion, null);
    }

    /// <summary>Today's date where the practice is.</summary>
    public async Task<DateOnly> PracticeDateAsync(DateTime utc, CancellationToken cancellationToken)
    {
        var zone = await db.Practices.Where(p => p.Id == tenant.PracticeId).Select(p => p.TimeZoneId).FirstOrDefaultAsync(cancellationToken);
        var info = zone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var found) ? found : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, info));
    }
}
