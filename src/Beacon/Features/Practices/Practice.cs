namespace Beacon.Features.Practices;

/// <summary>A customer of the training provider: the tenant. Its sites are its clinics.</summary>
public sealed class Practice : Audit.IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }

    /// <summary>Two-letter USPS code of the state whose laws apply (training mandates, reporting duties).</summary>
    public required string StateCode { get; set; }

    /// <summary>IANA time zone in which the practice's dates and deadlines are shown and computed.</summary>
    public required string TimeZoneId { get; set; }

    /// <summary>When set, practice administrators must enrol an authenticator before they can work.</summary>
    public bool RequireAdminMfa { get; set; }

    /// <summary>
    /// Where staff can find support (the employee assistance programme's phone or web page). The course's
    /// content note shows it: the subject can be distressing, and some staff may have lived it.
    /// </summary>
    public string? EmployeeAssistance { get; set; }

    public bool Active { get; set; } = true;
    public DateTime CreatedAt { get; set; }

    Guid Audit.IAuditedRow.AuditPracticeId => Id;
    string Audit.IAuditedRow.AuditTypeName => "practice";
}

/// <summary>One clinic or location of a practice.</summary>
public sealed class Site : Data.ITenantOwned, Audit.IAuditedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public required string Name { get; set; }
    public bool Active { get; set; } = true;
    public DateTime CreatedAt { get; set; }

    Guid Audit.IAuditedRow.AuditPracticeId => PracticeId;
    string Audit.IAuditedRow.AuditTypeName => "site";
}
