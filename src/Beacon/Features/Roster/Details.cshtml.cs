using System.Text.Json;
using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Roster;

/// <summary>One person: their details and every change to them, read from the audit log.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class DetailsModel(BeaconDbContext db, TenantContext tenant, global::Beacon.Features.Requirements.RequirementViews requirements) : PageModel
{
    /// <summary>The newest changes shown; a person rarely has more.</summary>
    public const int HistoryLimit = 200;

    [FromRoute]
    public Guid Id { get; set; }

    public Person Staff { get; private set; } = null!;
    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];
    public int ReportCount { get; private set; }
    public PracticeTime Clock { get; private set; } = null!;
    public IReadOnlyList<global::Beacon.Features.Requirements.PersonRequirement> Requirements { get; private set; } = [];
    public IReadOnlyList<global::Beacon.Features.Requirements.ExemptionView> Exemptions { get; private set; } = [];
    public IReadOnlyList<global::Beacon.Features.Requirements.EvidenceView> Evidence { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> RequirementNames { get; private set; } = new Dictionary<Guid, string>();

    public sealed record Person(
        Guid Id, string FirstName, string LastName, string Email, string? EmployeeId, string JobRole, string Site,
        DateOnly? HireDate, Guid? ManagerId, string? ManagerName, string? LicenceType, string? LicenceNumber,
        string? LicenceState, DateOnly? LicenceExpiry, bool Active, DateTime? DeactivatedAt, DateTime CreatedAt)
    {
        public string FullName => $"{FirstName} {LastName}";
    }

    public sealed record HistoryEntry(DateTime At, string Who, string What, IReadOnlyList<FieldChange> Changes);

    /// <summary>Before is null for a person's first entry, which only sets values.</summary>
    public sealed record FieldChange(string Field, string? Before, string After);

    private sealed record AuditRow(DateTime At, string? ActorName, string Action, string? Changes);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var person = await db.StaffMembers.AsNoTracking()
            .Where(s => s.Id == Id)
            .Select(s => new Person(
                s.Id, s.FirstName, s.LastName, s.Email, s.EmployeeId, s.JobRole,
                db.Sites.Where(x => x.Id == s.SiteId).Select(x => x.Name).First(),
                s.HireDate, s.ManagerId,
                db.StaffMembers.Where(m => m.Id == s.ManagerId).Select(m => m.FirstName + " " + m.LastName).FirstOrDefault(),
                s.LicenceType, s.LicenceNumber, s.LicenceState, s.LicenceExpiry, s.Active, s.DeactivatedAt, s.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return NotFound();
        }
        Staff = person;
        Clock = await PracticeTime.ForAsync(db, tenant.PracticeId, cancellationToken);
        ReportCount = await db.StaffMembers.CountAsync(s => s.ManagerId == Id && s.Active, cancellationToken);
        var today = await requirements.TodayAsync(cancellationToken);
        Requirements = await requirements.ForPersonAsync(Id, today, cancellationToken);
        Exemptions = await requirements.ExemptionsAsync(null, Id, cancellationToken);
        Evidence = await requirements.EvidenceAsync(Id, cancellationToken);
        var requirementIds = Exemptions.Select(e => e.RequirementId).Distinct().ToList();
        RequirementNames = await db.Requirements.AsNoTracking().Where(r => requirementIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);

        var target = Id.ToString();
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(e => e.TargetType == "staff" && e.TargetId == target)
            .OrderByDescending(e => e.Sequence)
            .Take(HistoryLimit)
            .Select(e => new AuditRow(e.At, e.ActorName, e.Action, e.Changes))
            .ToListAsync(cancellationToken);
        History = await DescribeAsync(rows, cancellationToken);
        return Page();
    }

    /// <summary>Turns the audit log's JSON (field: before/after) into lines an office manager reads, with names for ids.</summary>
    private async Task<IReadOnlyList<HistoryEntry>> DescribeAsync(List<AuditRow> rows, CancellationToken cancellationToken)
    {
        var parsed = rows.Select(r => (Row: r, Fields: Parse(r.Changes))).ToList();
        var ids = parsed.SelectMany(p => p.Fields)
            .Where(f => f.Name is "SiteId" or "ManagerId")
            .SelectMany(f => new[] { f.Before, f.After })
            .Select(v => Guid.TryParse(v, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty)
            .Distinct()
            .ToList();
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (ids.Count > 0)
        {
            foreach (var site in await db.Sites.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken))
            {
                names[site.Id.ToString()] = site.Name;
            }
            foreach (var staff in await db.StaffMembers.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, Name = s.FirstName + " " + s.LastName }).ToListAsync(cancellationToken))
            {
                names[staff.Id.ToString()] = staff.Name;
            }
        }

        string Show(string field, string? value) => value switch
        {
            null or "" => "none",
            _ when field is "SiteId" or "ManagerId" => names.GetValueOrDefault(value, "(removed)"),
            _ when field == "JobRole" => JobRoles.NameOf(value),
            _ when field == "Active" => value == "true" ? "yes" : "no",
            _ when field == "DeactivatedAt" && DateTime.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var at) => Clock.Show(at),
            _ => value,
        };

        return [.. parsed.Select(p => new HistoryEntry(
            p.Row.At,
            p.Row.ActorName ?? "Beacon",
            p.Row.Action switch
            {
                "staff.created" => "Added to the roster",
                "staff.updated" => "Changed",
                "staff.deleted" => "Removed",
                _ => p.Row.Action,
            },
            [.. p.Fields.Select(f => new FieldChange(Label(f.Name), p.Row.Action == "staff.created" ? null : Show(f.Name, f.Before), Show(f.Name, f.After)))]))];
    }

    private static List<(string Name, string? Before, string? After)> Parse(string? json)
    {
        var fields = new List<(string, string?, string?)>();
        if (string.IsNullOrEmpty(json))
        {
            return fields;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return fields;
            }
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                fields.Add((property.Name, Text(property.Value, "before"), Text(property.Value, "after")));
            }
        }
        catch (JsonException)
        {
            // An entry this page cannot read still shows who and when.
        }
        return fields;
    }

    private static string? Text(JsonElement change, string name) =>
        change.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.String => value.GetString(),
            _ => value.GetRawText(),
        } : null;

    private static string Label(string field) => field switch
    {
        "FirstName" => "First name",
        "LastName" => "Last name",
        "Email" => "Email",
        "EmployeeId" => "Employee ID",
        "JobRole" => "Job role",
        "SiteId" => "Site",
        "HireDate" => "Hire date",
        "ManagerId" => "Manager",
        "LicenceType" => "Licence type",
        "LicenceNumber" => "Licence number",
        "LicenceState" => "Licence state",
        "LicenceExpiry" => "Licence expiry",
        "Active" => "Active",
        "DeactivatedAt" => "Deactivated",
        _ => field,
    };
}
