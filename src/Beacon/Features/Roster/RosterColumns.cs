using System.Globalization;

namespace Beacon.Features.Roster;

/// <summary>The columns a roster file may have. Their names in a file are matched ignoring case, spaces and underscores.</summary>
public enum RosterColumn
{
    FirstName,
    LastName,
    Email,
    EmployeeId,
    JobRole,
    Site,
    HireDate,
    ManagerEmployeeId,
    ManagerEmail,
    LicenceType,
    LicenceNumber,
    LicenceState,
    LicenceExpiry,
    Active,
}

public static class RosterColumns
{
    public static IReadOnlyList<RosterColumn> All { get; } = Enum.GetValues<RosterColumn>();

    public static IReadOnlyList<RosterColumn> Required { get; } =
        [RosterColumn.FirstName, RosterColumn.LastName, RosterColumn.Email, RosterColumn.JobRole, RosterColumn.Site];

    /// <summary>The header of the template: every column except the alternative manager key.</summary>
    public static IReadOnlyList<RosterColumn> Template { get; } = [.. All.Where(c => c != RosterColumn.ManagerEmail)];

    private static readonly Dictionary<string, RosterColumn> ByKey = BuildIndex();

    /// <summary>The name the template uses and problems refer to, e.g. <c>first_name</c>.</summary>
    public static string NameOf(RosterColumn column) => column switch
    {
        RosterColumn.FirstName => "first_name",
        RosterColumn.LastName => "last_name",
        RosterColumn.Email => "email",
        RosterColumn.EmployeeId => "employee_id",
        RosterColumn.JobRole => "job_role",
        RosterColumn.Site => "site",
        RosterColumn.HireDate => "hire_date",
        RosterColumn.ManagerEmployeeId => "manager_employee_id",
        RosterColumn.ManagerEmail => "manager_email",
        RosterColumn.LicenceType => "licence_type",
        RosterColumn.LicenceNumber => "licence_number",
        RosterColumn.LicenceState => "licence_state",
        RosterColumn.LicenceExpiry => "licence_expiry",
        RosterColumn.Active => "active",
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    public static bool IsDate(RosterColumn column) => column is RosterColumn.HireDate or RosterColumn.LicenceExpiry;

    /// <summary>The column a header cell names, or null. "First Name", "first_name" and "FIRSTNAME" are the same column.</summary>
    public static RosterColumn? Recognise(string? header) =>
        header is not null && ByKey.TryGetValue(Key(header), out var column) ? column : null;

    private static string Key(string header)
    {
        var key = new System.Text.StringBuilder(header.Length);
        foreach (var c in header.Trim())
        {
            if (c is not (' ' or '_' or '-'))
            {
                key.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
        }
        return key.ToString();
    }

    private static Dictionary<string, RosterColumn> BuildIndex()
    {
        var index = new Dictionary<string, RosterColumn>(StringComparer.Ordinal);
        foreach (var column in All)
        {
            var key = Key(NameOf(column));
            index[key] = column;
            // American spelling: US practices write "license".
            if (key.StartsWith("licence", StringComparison.Ordinal))
            {
                index["license" + key["licence".Length..]] = column;
            }
        }
        return index;
    }
}

/// <summary>
/// The header row of a file, understood: which column each position holds. Missing required columns, unknown
/// columns and columns given twice are file errors, because every row would be read wrongly.
/// </summary>
public sealed class RosterLayout
{
    private readonly RosterColumn?[] _positions;
    private readonly HashSet<RosterColumn> _present;

    private RosterLayout(RosterColumn?[] positions)
    {
        _positions = positions;
        _present = [.. positions.OfType<RosterColumn>()];
    }

    /// <summary>How many cells the header has; each row should have as many.</summary>
    public int Width => _positions.Length;

    public bool Has(RosterColumn column) => _present.Contains(column);

    /// <summary>The column at a cell position, or null for a blank header cell (ignored).</summary>
    public RosterColumn? At(int position) => position < _positions.Length ? _positions[position] : null;

    public static RosterLayout Parse(IReadOnlyList<string?> header)
    {
        var positions = new RosterColumn?[header.Count];
        var unknown = new List<string>();
        var twice = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i]?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }
            var column = RosterColumns.Recognise(name);
            if (column is null)
            {
                unknown.Add($"“{Shorten(name)}”");
            }
            else if (positions.Contains(column))
            {
                twice.Add(RosterColumns.NameOf(column.Value));
            }
            else
            {
                positions[i] = column;
            }
        }

        var missing = RosterColumns.Required.Where(c => !positions.Contains(c)).Select(RosterColumns.NameOf).ToList();
        var problems = new List<string>();
        if (missing.Count > 0)
        {
            problems.Add($"The first row must name the columns, and these required columns are missing: {string.Join(", ", missing)}.");
        }
        if (unknown.Count > 0)
        {
            problems.Add($"Beacon does not know these columns: {string.Join(", ", unknown.Take(10))}{(unknown.Count > 10 ? $" and {unknown.Count - 10} more" : "")}. Remove them or rename them to a column of the template.");
        }
        if (twice.Count > 0)
        {
            problems.Add($"These columns appear more than once: {string.Join(", ", twice)}.");
        }
        if (problems.Count > 0)
        {
            throw new RosterFileException(string.Join(" ", problems) + " Download the template to see the columns Beacon reads.");
        }
        return new RosterLayout(positions);
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
