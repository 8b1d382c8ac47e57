using System.Globalization;
using Beacon.Features.Roster;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Beacon.Features.Reports;

/// <summary>
/// The report form as it arrives in the query string (a report is a read, so its address can be bookmarked
/// and shared): the day and the optional site, role and requirement. Checked here for every page that takes it.
/// </summary>
public sealed class ReportQuery
{
    public string? Date { get; set; }
    public Guid? Site { get; set; }
    public string? Role { get; set; }
    public Guid? Requirement { get; set; }

    public static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>The filter, or null with the problems added to <paramref name="errors"/> under "date" and "role".</summary>
    public ReportFilter? ToFilter(DateOnly today, ModelStateDictionary errors)
    {
        DateOnly date = today;
        if (!string.IsNullOrWhiteSpace(Date))
        {
            if (!DateOnly.TryParseExact(Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                errors.AddModelError("date", "Enter the date as year-month-day, for example 2026-01-31.");
            }
            else if (date > today)
            {
                errors.AddModelError("date", $"Choose today ({today:yyyy-MM-dd}) or an earlier day: a report shows what was recorded by the end of the day.");
            }
            else if (date < Earliest)
            {
                errors.AddModelError("date", "Choose a day from 2000-01-01 on.");
            }
        }
        var role = string.IsNullOrWhiteSpace(Role) ? null : Role.Trim();
        if (role is not null && JobRoles.All.All(r => r.Code != role))
        {
            errors.AddModelError("role", "Choose a job role from the list.");
        }
        return errors.IsValid ? new ReportFilter(date, Site, role, Requirement) : null;
    }

    /// <summary>The query string of this report, for download links and paging.</summary>
    public static string QueryString(ReportFilter filter)
    {
        var parts = new List<string> { "date=" + filter.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        if (filter.SiteId is { } site)
        {
            parts.Add("site=" + site);
        }
        if (filter.JobRole is { } role)
        {
            parts.Add("role=" + Uri.EscapeDataString(role));
        }
        if (filter.RequirementId is { } requirement)
        {
            parts.Add("requirement=" + requirement);
        }
        return string.Join('&', parts);
    }
}
