using System.Text;
using Beacon.Features.Roster;

namespace Beacon.Tests.Roster;

/// <summary>The pure parts of the import: file sniffing, headers, row rules and the plan. No database, no HTTP.</summary>
public sealed class RosterRulesTests
{
    private static readonly SiteChoice North = new(Guid.CreateVersion7(), "North Clinic", true);
    private static readonly SiteChoice Closed = new(Guid.CreateVersion7(), "Old Annex", false);

    [Theory]
    [InlineData("first_name,last_name\r\n", "csv")]
    [InlineData("\uFEFFfirst_name,last_name\r\n", "csv")]
    [InlineData("PK\u0003\u0004rest", "xlsx")]
    public void Csv_and_xlsx_are_recognised_by_their_content(string start, string format) =>
        Assert.Equal(format, RosterFileFormat.Detect(Encoding.UTF8.GetBytes(start), out _));

    [Fact]
    public void A_multibyte_character_cut_at_the_end_of_the_sniffed_bytes_is_still_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes("first_name\r\nJosé");
        Assert.Equal("csv", RosterFileFormat.Detect(bytes.AsSpan(0, bytes.Length - 1), out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("First Name", RosterColumn.FirstName)]
    [InlineData("FIRST_NAME", RosterColumn.FirstName)]
    [InlineData(" employee id ", RosterColumn.EmployeeId)]
    [InlineData("License Type", RosterColumn.LicenceType)]
    [InlineData("licence-expiry", RosterColumn.LicenceExpiry)]
    [InlineData("Manager Email", RosterColumn.ManagerEmail)]
    public void Column_names_ignore_case_spaces_and_underscores(string header, RosterColumn column) =>
        Assert.Equal(column, RosterColumns.Recognise(header));

    [Fact]
    public void A_header_with_missing_and_unknown_columns_names_them_all()
    {
        var error = Assert.Throws<RosterFileException>(() => RosterLayout.Parse(["First name", "Email", "Department", "Site"]));
        Assert.Contains("last_name, job_role", error.Message, StringComparison.Ordinal);
        Assert.Contains("“Department”", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=1+1")]
    [InlineData("+15551234")]
    [InlineData("-2")]
    [InlineData("@SUM(A1)")]
    [InlineData("\tTab")]
    public void Cells_a_spreadsheet_would_run_as_formulas_are_refused(string value)
    {
        var (entry, problems) = Read(new() { [RosterColumn.LastName] = value });
        Assert.False(entry.Valid);
        var problem = Assert.Single(problems);
        Assert.Equal("last_name", problem.Column);
        Assert.Contains("formula", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_good_row_is_normalised()
    {
        var (entry, problems) = Read(new()
        {
            [RosterColumn.Email] = "  Ana.Alpha@Example.TEST ",
            [RosterColumn.JobRole] = "Nurse practitioner",
            [RosterColumn.Site] = "north clinic",
            [RosterColumn.HireDate] = "3/7/2024",
            [RosterColumn.LicenceType] = "Registered nurse",
            [RosterColumn.LicenceState] = "texas",
            [RosterColumn.Active] = "No",
        });
        Assert.Empty(problems);
        Assert.Equal(("ana.alpha@example.test", "nurse-practitioner", North.Id), (entry.Email, entry.JobRole, entry.SiteId));
        Assert.Equal((new DateOnly(2024, 3, 7), "RN", "TX", false), (entry.HireDate, entry.LicenceType, entry.LicenceState, entry.Active));
    }

    [Fact]
    public void A_closed_site_is_named_as_closed()
    {
        var (_, problems) = Read(new() { [RosterColumn.Site] = "Old Annex" });
        Assert.Contains("“Old Annex” is closed", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_rows_matching_one_person_by_different_keys_are_a_problem()
    {
        var person = Person("Ana", "ana@example.test", "A1");
        var plan = Plan([person], Entry(2, "ana.new@example.test", "A1"), Entry(3, "ana@example.test", null));
        var problem = Assert.Single(plan.Problems);
        Assert.Equal((3, "email"), (problem.Line, problem.Column));
        Assert.Contains("line 2 both match Ana Person", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_email_that_belongs_to_someone_else_on_the_roster_is_a_problem()
    {
        var plan = Plan([Person("Ana", "ana@example.test", "A1"), Person("Ben", "ben@example.test", "B1")], fullRoster: false, Entry(2, "ben@example.test", "A1"));
        Assert.Contains("belongs to Ben Person", Assert.Single(plan.Problems).Message, StringComparison.Ordinal);
        Assert.Empty(plan.Changes);
    }

    [Fact]
    public void A_full_roster_does_not_deactivate_someone_whose_row_has_a_problem()
    {
        var ana = Person("Ana", "ana@example.test", "A1");
        var bad = Entry(2, "ana@example.test", "A1");
        bad.Valid = false;
        var plan = Plan([ana, Person("Ben", "ben@example.test", "B1")], bad);
        var deactivation = Assert.Single(plan.Changes);
        Assert.Equal(("Ben Person", RosterChangeKind.Deactivate), (deactivation.After.FullName, deactivation.Kind));
    }

    [Fact]
    public void An_update_lists_each_changed_field_before_and_after()
    {
        var ana = Person("Ana", "ana@example.test", "A1");
        var plan = Plan([ana], Entry(2, "ana@example.test", "A1", jobRole: "physician"));
        var change = Assert.Single(plan.Changes);
        Assert.Equal(RosterChangeKind.Update, change.Kind);
        Assert.Equal("job role: Registered nurse → Physician", change.Detail);
    }

    private static (RosterEntry Entry, List<RosterProblem> Problems) Read(Dictionary<RosterColumn, string> cells)
    {
        var values = new Dictionary<RosterColumn, string>
        {
            [RosterColumn.FirstName] = "Ana",
            [RosterColumn.LastName] = "Alpha",
            [RosterColumn.Email] = "ana@example.test",
            [RosterColumn.JobRole] = "physician",
            [RosterColumn.Site] = "North Clinic",
        };
        foreach (var (column, value) in cells)
        {
            values[column] = value;
        }
        var columns = RosterColumns.All.ToList();
        var layout = RosterLayout.Parse([.. columns.Select(RosterColumns.NameOf)]);
        var row = new RosterRow(2, [.. columns.Select(c => values.GetValueOrDefault(c))], null);
        var problems = new List<RosterProblem>();
        return (new RosterRules([North, Closed]).Read(row, layout, problems), problems);
    }

    private static StaffValues Person(string first, string email, string? employeeId) =>
        new(Guid.CreateVersion7(), first, "Person", email, employeeId, "registered-nurse", North.Id, null, null, null, null, null, null, true);

    private static RosterEntry Entry(int line, string email, string? employeeId, string jobRole = "registered-nurse") => new()
    {
        Line = line,
        FirstName = email.StartsWith("ben", StringComparison.Ordinal) ? "Ben" : "Ana",
        LastName = "Person",
        Email = email,
        EmployeeId = employeeId,
        JobRole = jobRole,
        SiteId = North.Id,
    };

    private static RosterPlan Plan(IReadOnlyList<StaffValues> roster, params RosterEntry[] entries) => Plan(roster, true, entries);

    private static RosterPlan Plan(IReadOnlyList<StaffValues> roster, bool fullRoster, params RosterEntry[] entries) =>
        RosterPlan.Build(entries, RosterLayout.Parse(["first_name", "last_name", "email", "employee_id", "job_role", "site"]), roster,
            new Dictionary<Guid, string> { [North.Id] = North.Name }, fullRoster);
}
