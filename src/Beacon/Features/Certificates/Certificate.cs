using Beacon.Features.Audit;

namespace Beacon.Features.Certificates;

/// <summary>
/// The certificate of a completion. Its verification code (at least 128 random bits) is the only key to
/// the public verification page, which shows name, course, date and whether it is valid or revoked.
/// </summary>
public sealed class Certificate : Data.ITenantOwned, IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid CompletionId { get; set; }
    public Guid StaffMemberId { get; set; }

    /// <summary>Human-readable number printed on the certificate, e.g. BCN-2026-7K3QX9.</summary>
    public required string Number { get; set; }

    /// <summary>URL-safe, 160 random bits.</summary>
    public required string VerificationCode { get; set; }

    public DateTime IssuedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
    public Guid? RevokedByUserId { get; set; }

    Guid IAuditedRow.AuditPracticeId => PracticeId;
    string IAuditedRow.AuditTypeName => "certificate";
}
