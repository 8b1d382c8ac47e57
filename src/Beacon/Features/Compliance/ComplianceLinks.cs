using System.Globalization;
using Beacon.Features.Requirements;
using Microsoft.AspNetCore.WebUtilities;

namespace Beacon.Features.Compliance;

/// <summary>
/// The people behind a dashboard number: which of today's states a drill-down lists. "compliant" is every
/// assignment not overdue (up to date, due soon and exempt), matching the dashboard's per cent.
/// </summary>
public static class ComplianceStatus
{
    public const string Applicable = "applicable";
    public const string Compliant = "compliant";
    public const string UpToDate = "up-to-date";
    public const string DueSoon = "due-soon";
    public const string Overdue = "overdue";
    public const string Exempt = "exempt";

    public static IReadOnlyList<(string Code, string Name)> All { get; } =
    [
        (Applicable, "Everyone it applies to"),
        (Compliant, "Compliant (not overdue)"),
        (UpToDate, "Up to date"),
        (DueSoon, "Due soon"),
        (Overdue, "Overdue"),
        (Exempt, "Exempt"),
    ];

    public static string Normalise(string? code) => All.Any(s => s.Code == code) ? code! : Applicable;

    public static string NameOf(string code) => All.FirstOrDefault(s => s.Code == code).Name ?? code;

    public static IQueryable<StatusOnDay> Apply(IQueryable<StatusOnDay> statuses, string code) => Normalise(code) switch
    {
        Compliant => statuses.Where(s => s.State == DueState.Compliant || s.State == DueState.DueSoon || s.State == DueState.Exempt),
        UpToDate => statuses.Where(s => s.State == DueState.Compliant),
        DueSoon => statuses.Where(s => s.State == DueState.DueSoon),
        Overdue => statuses.Where(s => s.State == DueState.Overdue),
        Exempt => statuses.Where(s => s.State == DueState.Exempt),
        _ => statuses.Where(s => s.State != DueState.NotApplicable),
    };
}

/// <summary>Addresses of the dashboard and its drill-down, filters included, so every number links to its people.</summary>
public static class ComplianceLinks
{
    public const string Dashboard = "/practice/compliance";
    public const string People = "/practice/compliance/people";

    public static string DashboardWith(ComplianceFilter filter) => QueryHelpers.AddQueryString(Dashboard, Query(filter));

    public static string PeopleWith(string status, ComplianceFilter filter, int page = 1)
    {
        var query = Query(filter);
        query["status"] = status;
        if (page > 1)
        {
            query["p"] = page.ToString(CultureInfo.InvariantCulture);
        }
        return QueryHelpers.AddQueryString(People, query);
    }

    private static Dictionary<string, string?> Query(ComplianceFilter filter)
    {
        var query = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (filter.Site is { } site)
        {
            query["site"] = site.ToString();
        }
        if (!string.IsNullOrEmpty(filter.Role))
        {
            query["role"] = filter.Role;
        }
        if (filter.Requirement is { } requirement)
        {
            query["requirement"] = requirement.ToString();
        }
        return query;
    }
}
