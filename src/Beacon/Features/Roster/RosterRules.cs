using System.Globalization;
using System.Net.Mail;

namespace Beacon.Features.Roster;

/// <summary>A problem with one row (or one cell) of a roster file.</summary>
public sealed record RosterProblem(int Line, string? Column, string Message);

/// <summary>A site a roster row may name.</summary>
public sealed record SiteChoice(Guid Id, string Name, bool Active);

/// <summary>
/// One row of a roster file, normalised. <see cref="Valid"/> is false when the row has a problem; its keys
/// (employee ID, email) are still kept when they could be read, so duplicates and matches are still found.
/// </summary>
public sealed class RosterEntry
{
    public int Line { get; init; }
    public bool Valid { get; set; } = true;
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    public string? Email { get; init; }
    public string? EmployeeId { get; init; }
    public string JobRole { get; init; } = "";
    public Guid SiteId { get; init; }
    public DateOnly? HireDate { get; init; }

    /// <summary>The manager's employee ID or email as written, and which of the two it is.</summary>
    public string? ManagerKey { get; init; }

    public RosterColumn ManagerColumn { get; init; }
    public string? LicenceType { get; init; }
    public string? LicenceNumber { get; init; }
    public string? LicenceState { get; init; }
    public DateOnly? LicenceExpiry { get; init; }
    public bool Active { get; init; } = true;

    public string FullName => $"{FirstName} {LastName}";
}

/// <summary>Field rules shared by the roster form and the import, so both accept and refuse the same values.</summary>
public static class StaffFields
{
    public const int NameMax = 100;
    public const int EmailMax = 254;
    public const int EmployeeIdMax = 64;
    public const int LicenceNumberMax = 64;

    public static readonly string[] DateFormats = ["yyyy-MM-dd", "M/d/yyyy"];

    /// <summary>Trimmed and lower-cased, or null with a reason.</summary>
    public static string? NormaliseEmail(string? value, out string? problem)
    {
        problem = null;
        var email = value?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(email))
        {
            problem = "Email is missing.";
            return null;
        }
        if (email.Length > EmailMax || email.Any(char.IsWhiteSpace) ||
            !MailAddress.TryCreate(email, out var address) ||
            !string.Equals(address.Address, email, StringComparison.Ordinal) ||
            !address.Host.Contains('.', StringComparison.Ordinal) || address.Host.EndsWith('.'))
        {
            problem = $"“{Shorten(email)}” is not a valid email address.";
            return null;
        }
        return email;
    }

    public static bool TryParseDate(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value?.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date) &&
        date.Year is >= 1900 and <= 2100;

    public static string Describe(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    public static string Shorten(string value) => value.Length > 60 ? value[..60] + "…" : value;
}

/// <summary>
/// Reads one roster row into a <see cref="RosterEntry"/>, reporting each bad cell with its column and a reason
/// an office manager can act on. Pure: the practice's sites come in through the constructor.
/// </summary>
public sealed class RosterRules
{
    private static readonly string RoleCodes = string.Join(", ", JobRoles.All.Select(r => r.Code));
    private static readonly string LicenceCodes = string.Join(", ", LicenceTypes.All.Select(l => l.Code));

    private readonly Dictionary<string, SiteChoice> _sites;
    private readonly string _siteList;

    public RosterRules(IEnumerable<SiteChoice> sites)
    {
        _sites = new Dictionary<string, SiteChoice>(StringComparer.OrdinalIgnoreCase);
        foreach (var site in sites.OrderByDescending(s => s.Active))
        {
            _sites.TryAdd(site.Name.Trim(), site);
        }
        var open = _sites.Values.Where(s => s.Active).Select(s => s.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();
        _siteList = open.Count switch
        {
            0 => " This practice has no open sites yet.",
            <= 12 => $" This practice's sites are: {string.Join(", ", open)}.",
            _ => " See the site list on the import page.",
        };
    }

    public RosterEntry Read(RosterRow row, RosterLayout layout, List<RosterProblem> problems)
    {
        var before = problems.Count;
        var line = row.Line;
        if (row.ShapeProblem is { } shape)
        {
            problems.Add(new RosterProblem(line, null, shape));
        }

        // A cell a spreadsheet would run as a formula is refused before anything else reads it.
        var formula = new HashSet<RosterColumn>();
        foreach (var column in RosterColumns.All)
        {
            if (row[column] is { Length: > 0 } raw && raw[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            {
                formula.Add(column);
                problems.Add(new RosterProblem(line, RosterColumns.NameOf(column),
                    $"The value starts with “{Visible(raw[0])}”, so a spreadsheet would run it as a formula. Remove that first character."));
            }
        }
        string? Cell(RosterColumn column) => formula.Contains(column) ? null : Trimmed(row[column]);
        void Problem(RosterColumn column, string message) => problems.Add(new RosterProblem(line, RosterColumns.NameOf(column), message));

        var firstName = Name(RosterColumn.FirstName, "First name");
        var lastName = Name(RosterColumn.LastName, "Last name");

        string? email = null;
        if (!formula.Contains(RosterColumn.Email))
        {
            email = StaffFields.NormaliseEmail(Cell(RosterColumn.Email), out var emailProblem);
            if (emailProblem is not null)
            {
                Problem(RosterColumn.Email, emailProblem);
            }
        }

        var employeeId = Cell(RosterColumn.EmployeeId);
        if (employeeId is { Length: > StaffFields.EmployeeIdMax })
        {
            Problem(RosterColumn.EmployeeId, $"The employee ID is longer than {StaffFields.EmployeeIdMax} characters.");
            employeeId = null;
        }

        var jobRole = "";
        if (!formula.Contains(RosterColumn.JobRole))
        {
            var value = Cell(RosterColumn.JobRole);
            if (value is null)
            {
                Problem(RosterColumn.JobRole, $"Job role is missing. Use one of: {RoleCodes}.");
            }
            else if (JobRoles.Find(value) is { } role)
            {
                jobRole = role.Code;
            }
            else
            {
                Problem(RosterColumn.JobRole, $"“{StaffFields.Shorten(value)}” is not a job role Beacon knows. Use one of: {RoleCodes}.");
            }
        }

        var siteId = Guid.Empty;
        if (!formula.Contains(RosterColumn.Site))
        {
            var value = Cell(RosterColumn.Site);
            if (value is null)
            {
                Problem(RosterColumn.Site, "Site is missing." + _siteList);
            }
            else if (!_sites.TryGetValue(value, out var site))
            {
                Problem(RosterColumn.Site, $"There is no site called “{StaffFields.Shorten(value)}” in this practice.{_siteList}");
            }
            else if (!site.Active)
            {
                Problem(RosterColumn.Site, $"The site “{site.Name}” is closed. Choose an open site.{_siteList}");
            }
            else
            {
                siteId = site.Id;
            }
        }

        var hireDate = Date(RosterColumn.HireDate, "hire date");

        string? managerKey = null;
        var managerColumn = RosterColumn.ManagerEmployeeId;
        if (Cell(RosterColumn.ManagerEmployeeId) is { } managerId)
        {
            managerKey = managerId;
        }
        else if (Cell(RosterColumn.ManagerEmail) is { } managerEmail)
        {
            managerColumn = RosterColumn.ManagerEmail;
            managerKey = managerEmail.ToLowerInvariant();
        }

        string? licenceType = null;
        if (Cell(RosterColumn.LicenceType) is { } typeValue)
        {
            licenceType = LicenceTypes.Normalise(typeValue);
            if (licenceType is null)
            {
                Problem(RosterColumn.LicenceType, $"“{StaffFields.Shorten(typeValue)}” is not a licence type Beacon knows. Use one of: {LicenceCodes}.");
            }
        }
        var licenceNumber = Cell(RosterColumn.LicenceNumber);
        if (licenceNumber is { Length: > StaffFields.LicenceNumberMax })
        {
            Problem(RosterColumn.LicenceNumber, $"The licence number is longer than {StaffFields.LicenceNumberMax} characters.");
        }
        string? licenceState = null;
        if (Cell(RosterColumn.LicenceState) is { } stateValue)
        {
            licenceState = UsStates.Normalise(stateValue);
            if (licenceState is null)
            {
                Problem(RosterColumn.LicenceState, $"“{StaffFields.Shorten(stateValue)}” is not a US state. Use the two-letter code, such as TX.");
            }
        }
        var licenceExpiry = Date(RosterColumn.LicenceExpiry, "licence expiry date");
        if (Cell(RosterColumn.LicenceType) is null)
        {
            // Number, state and expiry describe a licence: without its type they cannot drive state mandates.
            foreach (var (column, label) in new[] { (RosterColumn.LicenceNumber, "licence number"), (RosterColumn.LicenceState, "licence state"), (RosterColumn.LicenceExpiry, "licence expiry") })
            {
                if (Cell(column) is not null)
                {
                    Problem(column, $"A {label} is given without a licence type. Add the licence_type, or leave the licence cells empty.");
                }
            }
        }

        var active = true;
        if (Cell(RosterColumn.Active) is { } activeValue)
        {
            switch (activeValue.ToLowerInvariant())
            {
                case "yes" or "y" or "true" or "1" or "active":
                    break;
                case "no" or "n" or "false" or "0" or "inactive":
                    active = false;
                    break;
                default:
                    Problem(RosterColumn.Active, $"“{StaffFields.Shorten(activeValue)}” is not yes or no. Write yes for current staff and no for leavers.");
                    break;
            }
        }

        return new RosterEntry
        {
            Line = line,
            Valid = problems.Count == before,
            FirstName = firstName,
            LastName = lastName,
            Email = email,
            EmployeeId = employeeId,
            JobRole = jobRole,
            SiteId = siteId,
            HireDate = hireDate,
            ManagerKey = managerKey,
            ManagerColumn = managerColumn,
            LicenceType = licenceType,
            LicenceNumber = licenceNumber,
            LicenceState = licenceState,
            LicenceExpiry = licenceExpiry,
            Active = active,
        };

        string Name(RosterColumn column, string label)
        {
            if (formula.Contains(column))
            {
                return "";
            }
            var value = Cell(column);
            if (value is null)
            {
                Problem(column, $"{label} is missing.");
                return "";
            }
            if (value.Length > StaffFields.NameMax)
            {
                Problem(column, $"{label} is longer than {StaffFields.NameMax} characters.");
            }
            return value;
        }

        DateOnly? Date(RosterColumn column, string label)
        {
            var value = Cell(column);
            if (value is null)
            {
                return null;
            }
            if (StaffFields.TryParseDate(value, out var date))
            {
                return date;
            }
            Problem(column, $"“{StaffFields.Shorten(value)}” is not a {label} Beacon can read. Write it as YYYY-MM-DD (2024-03-18) or M/D/YYYY (3/18/2024).");
            return null;
        }
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Visible(char c) => c switch
    {
        '\t' => "tab",
        '\r' => "carriage return",
        _ => c.ToString(),
    };
}
