using Beacon.Data;
using Beacon.Features.Courses;
using Beacon.Features.Learning;
using Beacon.Features.Practices;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Transcripts;

/// <summary>A person's training record: every completion with its certificate, and every test attempt.</summary>
public sealed record Transcript(
    Guid StaffMemberId,
    string Name,
    string JobRole,
    bool Active,
    string PracticeName,
    IReadOnlyList<TranscriptCompletion> Completions,
    IReadOnlyList<TranscriptAttempt> PostTests,
    IReadOnlyList<TranscriptAttempt> PreTests,
    PracticeClock Clock)
{
    /// <summary>CE hours of completions whose certificate stands: a revoked certificate no longer counts.</summary>
    public decimal TotalCeHours => Completions.Where(c => c.Certificate is not { Revoked: true }).Sum(c => c.CeHours);
}

public sealed record TranscriptCompletion(
    Guid Id, string CourseTitle, string Version, string TrackTitle, DateOnly CompletedOn, CompletionBasis Basis, decimal CeHours, TranscriptCertificate? Certificate);

public sealed record TranscriptCertificate(Guid Id, string Number, DateTime? RevokedAt)
{
    public bool Revoked => RevokedAt is not null;
}

public sealed record TranscriptAttempt(DateTime SubmittedAt, string CourseTitle, string Version, string TrackTitle, int Score, int QuestionCount, bool? Passed, AttemptMode Mode)
{
    public int Percent => QuestionCount == 0 ? 0 : Score * 100 / QuestionCount;
}

/// <summary>Builds transcripts from the current practice's rows (tenant-filtered).</summary>
public sealed class TranscriptRecords(BeaconDbContext db, TenantContext tenant, CourseCatalog catalog)
{
    private sealed record CompletionRow(Guid Id, string CourseId, string Version, string Track, DateOnly CompletedOn, CompletionBasis Basis, decimal CeHours, DateTime CompletedAt);

    private sealed record AttemptRow(DateTime SubmittedAt, string CourseId, string Version, string Track, AttemptKind Kind, int Score, int QuestionCount, bool? Passed, AttemptMode Mode);

    /// <summary>Null when the person is not on this practice's roster.</summary>
    public async Task<Transcript?> LoadAsync(Guid staffMemberId, CancellationToken cancellationToken)
    {
        var person = await db.StaffMembers.AsNoTracking()
            .Where(s => s.Id == staffMemberId)
            .Select(s => new { s.FirstName, s.LastName, s.JobRole, s.Active })
            .FirstOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return null;
        }
        var practice = await db.Practices.AsNoTracking().Where(p => p.Id == tenant.PracticeId)
            .Select(p => new { p.Name, p.TimeZoneId }).FirstAsync(cancellationToken);

        var completions = await db.Completions.AsNoTracking()
            .Where(c => c.StaffMemberId == staffMemberId)
            .OrderByDescending(c => c.CompletedOn).ThenByDescending(c => c.CompletedAt)
            .Select(c => new CompletionRow(c.Id, c.CourseId, c.Version, c.Track, c.CompletedOn, c.Basis, c.CeHours, c.CompletedAt))
            .ToListAsync(cancellationToken);
        var certificates = await db.Certificates.AsNoTracking()
            .Where(c => c.StaffMemberId == staffMemberId)
            .Select(c => new { c.CompletionId, Certificate = new TranscriptCertificate(c.Id, c.Number, c.RevokedAt) })
            .ToDictionaryAsync(c => c.CompletionId, c => c.Certificate, cancellationToken);
        var attempts = await db.AssessmentAttempts.AsNoTracking()
            .Where(a => a.StaffMemberId == staffMemberId && a.SubmittedAt != null)
            .OrderByDescending(a => a.SubmittedAt).ThenByDescending(a => a.StartedAt)
            .Select(a => new AttemptRow(a.SubmittedAt!.Value, a.CourseId, a.Version, a.Track, a.Kind, a.Score ?? 0, a.QuestionCount, a.Passed, a.Mode))
            .ToListAsync(cancellationToken);

        // Published versions are immutable and cached, so titles come from the catalog rather than the rows.
        var courses = new Dictionary<(string, string), CoursePackage?>();
        foreach (var key in completions.Select(c => (c.CourseId, c.Version)).Concat(attempts.Select(a => (a.CourseId, a.Version))).Distinct())
        {
            courses[key] = await catalog.GetAsync(key.CourseId, key.Version, cancellationToken);
        }
        string Title(string courseId, string version) => courses[(courseId, version)]?.Title ?? courseId;
        string TrackTitle(string courseId, string version, string track) => courses[(courseId, version)]?.Track(track)?.Title ?? track;

        TranscriptAttempt Attempt(AttemptRow a) => new(a.SubmittedAt, Title(a.CourseId, a.Version), a.Version, TrackTitle(a.CourseId, a.Version, a.Track), a.Score, a.QuestionCount, a.Passed, a.Mode);

        return new Transcript(
            staffMemberId,
            $"{person.FirstName} {person.LastName}",
            person.JobRole,
            person.Active,
            practice.Name,
            [.. completions.Select(c => new TranscriptCompletion(c.Id, Title(c.CourseId, c.Version), c.Version, TrackTitle(c.CourseId, c.Version, c.Track),
                c.CompletedOn, c.Basis, c.CeHours, certificates.GetValueOrDefault(c.Id)))],
            [.. attempts.Where(a => a.Kind == AttemptKind.PostTest).Select(Attempt)],
            [.. attempts.Where(a => a.Kind == AttemptKind.PreTest).Select(Attempt)],
            PracticeClock.For(practice.TimeZoneId));
    }
}
