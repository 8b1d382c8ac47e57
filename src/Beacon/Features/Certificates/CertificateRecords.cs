using Beacon.Data;
using Beacon.Features.Audit;
using Beacon.Features.Courses;
using Beacon.Features.Learning;
using Beacon.Features.Operations;
using Beacon.Features.Practices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Certificates;

/// <summary>A certificate of the current practice with everything its pages and PDF show.</summary>
public sealed record CertificateFacts(
    Guid Id,
    Guid StaffMemberId,
    string LearnerName,
    string CourseTitle,
    string Version,
    string TrackTitle,
    CompletionBasis Basis,
    DateOnly CompletedOn,
    decimal CeHours,
    string PracticeName,
    string Number,
    string VerificationCode,
    DateTime IssuedAt,
    DateTime? RevokedAt,
    string? RevokedReason,
    string? RevokedBy,
    PracticeClock Clock)
{
    public bool Revoked => RevokedAt is not null;
}

/// <summary>Reads certificates of the signed-in practice (tenant-filtered) and prints them.</summary>
public sealed class CertificateRecords(BeaconDbContext db, TenantContext tenant, AuditActor actor, CourseCatalog catalog, IOptions<SecurityOptions> security)
{
    private sealed record Row(
        Guid Id, Guid StaffMemberId, string FirstName, string LastName, string CourseId, string Version, string Track, CompletionBasis Basis,
        DateOnly CompletedOn, decimal CeHours, string Number, string VerificationCode, DateTime IssuedAt, DateTime? RevokedAt,
        string? RevokedReason, Guid? RevokedByUserId);

    /// <summary>Null for an id that is not a certificate of this practice (another practice's looks the same as none).</summary>
    public async Task<CertificateFacts?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = await (
            from c in db.Certificates.AsNoTracking()
            join k in db.Completions on c.CompletionId equals k.Id
            join s in db.StaffMembers on c.StaffMemberId equals s.Id
            where c.Id == id
            select new Row(c.Id, c.StaffMemberId, s.FirstName, s.LastName, k.CourseId, k.Version, k.Track, k.Basis, k.CompletedOn, k.CeHours,
                c.Number, c.VerificationCode, c.IssuedAt, c.RevokedAt, c.RevokedReason, c.RevokedByUserId))
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        var practice = await db.Practices.AsNoTracking().Where(p => p.Id == tenant.PracticeId)
            .Select(p => new { p.Name, p.TimeZoneId }).FirstAsync(cancellationToken);
        // Users are not tenant-filtered: the practice condition keeps another practice's accounts out.
        var revokedBy = row.RevokedByUserId is { } userId
            ? await db.Users.Where(u => u.Id == userId && u.PracticeId == tenant.PracticeId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken)
            : null;
        var course = await catalog.GetAsync(row.CourseId, row.Version, cancellationToken);
        return new CertificateFacts(
            row.Id, row.StaffMemberId, $"{row.FirstName} {row.LastName}", course?.Title ?? row.CourseId, row.Version,
            course?.Track(row.Track)?.Title ?? row.Track, row.Basis, row.CompletedOn, row.CeHours, practice.Name, row.Number,
            row.VerificationCode, row.IssuedAt, row.RevokedAt, row.RevokedReason,
            row.RevokedByUserId is null ? null : revokedBy ?? "A former administrator",
            PracticeClock.For(practice.TimeZoneId));
    }

    /// <summary>The roster record the signed-in account belongs to, if it is linked to one.</summary>
    public Task<Guid?> OwnStaffMemberIdAsync(CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == actor.UserId && u.PracticeId == tenant.PracticeId)
            .Select(u => u.StaffMemberId)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The public address a certificate's QR code leads to.</summary>
    public string VerifyUrl(string verificationCode) => VerifyUrl(security.Value.PublicBaseUrl, verificationCode);

    public static string VerifyUrl(string publicBaseUrl, string verificationCode) =>
        publicBaseUrl.TrimEnd('/') + "/verify/" + verificationCode;

    public CertificatePrint ToPrint(CertificateFacts facts) => new(
        facts.LearnerName, facts.CourseTitle, facts.Version, facts.TrackTitle, facts.CompletedOn, facts.CeHours, facts.PracticeName,
        facts.Number, DateOnly.FromDateTime(facts.Clock.ToLocal(facts.IssuedAt)),
        facts.RevokedAt is { } revoked ? DateOnly.FromDateTime(facts.Clock.ToLocal(revoked)) : null,
        VerifyUrl(facts.VerificationCode));

    public static string FileName(CertificateFacts facts) => PdfLayout.SafeFileName("pdf", "certificate", facts.Number, facts.LearnerName);

    public static string BasisText(CompletionBasis basis) => basis switch
    {
        CompletionBasis.SelfPaced => "Self-paced",
        CompletionBasis.LiveSession => "Live session",
        CompletionBasis.OutsideCertificate => "Outside certificate",
        _ => basis.ToString(),
    };
}
