namespace Beacon.Features.Roster;

/// <summary>A person on a practice's roster. Leavers are deactivated, never deleted, so their history stays.</summary>
public sealed class StaffMember : Data.ITenantOwned, Audit.IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }

    /// <summary>Lower-cased, trimmed: the second key (after employee id) an import matches on.</summary>
    public required string Email { get; set; }

    public string? EmployeeId { get; set; }

    /// <summary>A code from <see cref="JobRoles"/>.</summary>
    public required string JobRole { get; set; }

    public Guid SiteId { get; set; }
    public DateOnly? HireDate { get; set; }
    public Guid? ManagerId { get; set; }

    /// <summary>A code from <see cref="LicenceTypes"/>; with the state and expiry it drives state training mandates.</summary>
    public string? LicenceType { get; set; }
    public string? LicenceNumber { get; set; }
    public string? LicenceState { get; set; }
    public DateOnly? LicenceExpiry { get; set; }

    public bool Active { get; set; } = true;
    public DateTime? DeactivatedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public string FullName => $"{FirstName} {LastName}";

    Guid Audit.IAuditedRow.AuditPracticeId => PracticeId;
    string Audit.IAuditedRow.AuditTypeName => "staff";
}
