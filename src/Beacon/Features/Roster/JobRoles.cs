namespace Beacon.Features.Roster;

/// <summary>A job role from the controlled list. Clinical roles take the full course; others the shorter track.</summary>
public sealed record JobRole(string Code, string Name, bool Clinical);

public static class JobRoles
{
    public static IReadOnlyList<JobRole> All { get; } =
    [
        new("physician", "Physician", true),
        new("nurse-practitioner", "Nurse practitioner", true),
        new("physician-assistant", "Physician assistant", true),
        new("registered-nurse", "Registered nurse", true),
        new("licensed-practical-nurse", "Licensed practical / vocational nurse", true),
        new("medical-assistant", "Medical assistant", true),
        new("behavioral-health", "Behavioral health clinician", true),
        new("social-worker", "Social worker / case manager", true),
        new("dentist", "Dentist", true),
        new("dental-hygienist", "Dental hygienist / assistant", true),
        new("pharmacist", "Pharmacist", true),
        new("lab-imaging", "Laboratory or imaging technologist", true),
        new("front-desk", "Front desk / reception", false),
        new("billing", "Billing and coding", false),
        new("practice-management", "Practice management / administration", false),
        new("other-non-clinical", "Other non-clinical staff", false),
    ];

    private static readonly Dictionary<string, JobRole> ByKey = BuildIndex();

    public static JobRole? Find(string? codeOrName) =>
        codeOrName is not null && ByKey.TryGetValue(codeOrName.Trim(), out var role) ? role : null;

    public static string NameOf(string code) => Find(code)?.Name ?? code;

    private static Dictionary<string, JobRole> BuildIndex()
    {
        var index = new Dictionary<string, JobRole>(StringComparer.OrdinalIgnoreCase);
        foreach (var role in All)
        {
            index[role.Code] = role;
            index[role.Name] = role;
        }
        return index;
    }
}

/// <summary>Licence types that state training mandates refer to.</summary>
public static class LicenceTypes
{
    public static IReadOnlyList<(string Code, string Name)> All { get; } =
    [
        ("MD", "Physician (MD)"),
        ("DO", "Physician (DO)"),
        ("APRN", "Advanced practice registered nurse"),
        ("PA", "Physician assistant"),
        ("RN", "Registered nurse"),
        ("LPN", "Licensed practical / vocational nurse"),
        ("DDS", "Dentist"),
        ("RDH", "Dental hygienist"),
        ("PHARMD", "Pharmacist"),
        ("LCSW", "Clinical social worker"),
        ("LPC", "Professional counselor"),
        ("EMT", "Emergency medical technician / paramedic"),
        ("CMA", "Certified medical assistant"),
    ];

    public static string? Normalise(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        foreach (var (code, name) in All)
        {
            if (string.Equals(code, trimmed, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(name, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return code;
            }
        }
        return null;
    }
}

/// <summary>The two-letter codes of US states, DC and territories.</summary>
public static class UsStates
{
    public static IReadOnlyList<(string Code, string Name)> All { get; } =
    [
        ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"), ("CA", "California"),
        ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"), ("DC", "District of Columbia"),
        ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"), ("ID", "Idaho"), ("IL", "Illinois"),
        ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"), ("KY", "Kentucky"), ("LA", "Louisiana"),
        ("ME", "Maine"), ("MD", "Maryland"), ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"),
        ("MS", "Mississippi"), ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
        ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
        ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"), ("OR", "Oregon"),
        ("PA", "Pennsylvania"), ("RI", "Rhode Island"), ("SC", "South Carolina"), ("SD", "South Dakota"),
        ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"), ("VT", "Vermont"), ("VA", "Virginia"),
        ("WA", "Washington"), ("WV", "West Virginia"), ("WI", "Wisconsin"), ("WY", "Wyoming"),
        ("PR", "Puerto Rico"), ("GU", "Guam"), ("VI", "U.S. Virgin Islands"),
    ];

    public static string? Normalise(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        foreach (var (code, name) in All)
        {
            if (string.Equals(code, trimmed, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(name, trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return code;
            }
        }
        return null;
    }
}
