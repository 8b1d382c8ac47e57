using System.Globalization;
using Beacon.Features.Roster;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Beacon.Features.Requirements;

/// <summary>What the add and edit pages post: every field of a requirement, as text the server checks.</summary>
public sealed class RequirementInput
{
    public string? Name { get; set; }
    public string? CourseId { get; set; }

    /// <summary>Empty: each person takes the track of their job role.</summary>
    public string? Track { get; set; }

    public Frequency Frequency { get; set; } = Frequency.EveryMonths;
    public int? Months { get; set; } = 12;
    public int? FixedMonth { get; set; } = 1;
    public int? FixedDay { get; set; } = 1;
    public int? NewHireDays { get; set; } = 30;
    public int? GraceDays { get; set; } = 0;
    public int? EarlyDays { get; set; } = 0;
    public int? DueSoonDays { get; set; } = 30;

    /// <summary>yyyy-MM-dd, as a date input sends it.</summary>
    public string? StartsOn { get; set; }

    public List<string> Roles { get; set; } = [];
    public List<string> Sites { get; set; } = [];
    public List<string> LicenceTypes { get; set; } = [];

    /// <summary>Two-letter codes separated by commas or spaces, e.g. "TX, FL".</summary>
    public string? LicenceStates { get; set; }

    public static RequirementInput From(Requirement r) => new()
    {
        Name = r.Name,
        CourseId = r.CourseId,
        Track = r.Track ?? "",
        Frequency = r.Frequency,
        Months = r.Months,
        FixedMonth = r.FixedMonth,
        FixedDay = r.FixedDay,
        NewHireDays = r.NewHireDays,
        GraceDays = r.GraceDays,
        EarlyDays = r.EarlyDays,
        DueSoonDays = r.DueSoonDays,
        StartsOn = r.StartsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Roles = [.. RequirementScope.Split(r.Roles)],
        Sites = [.. RequirementScope.Split(r.Sites)],
        LicenceTypes = [.. RequirementScope.Split(r.LicenceTypes)],
        LicenceStates = string.Join(", ", RequirementScope.Split(r.LicenceStates)),
    };
}

/// <summary>A course a requirement can name, with its tracks.</summary>
public sealed record CourseChoice(string Id, string Title, IReadOnlyList<(string Id, string Title)> Tracks);

/// <summary>
/// Checks a posted requirement field by field (each message names the field and says how to fix it) and
/// copies the values onto the entity. Shared by the add and edit pages.
/// </summary>
public static class RequirementForm
{
    /// <summary>The order fields appear on the form, which is the order of the error summary.</summary>
    public static readonly string[] FieldOrder =
    [
        "Name", "CourseId", "Track", "Frequency", "Months", "FixedMonth", "FixedDay", "StartsOn", "NewHireDays",
        "GraceDays", "EarlyDays", "DueSoonDays", "Roles", "Sites", "LicenceTypes", "LicenceStates",
    ];

    public static IReadOnlyList<(Frequency Value, string Name, string Hint)> Frequencies { get; } =
    [
        (Frequency.Once, "Once", "Complete it once; it never falls due again."),
        (Frequency.EveryMonths, "Every few months, rolling", "Due again a set number of months after each completion."),
        (Frequency.YearlyByDate, "Every year by a fixed date", "Due every year by the same month and day, for example March 1."),
        (Frequency.LicenceRenewal, "Before each licence renewal", "Due by the licence expiry date on the roster, within the renewal cycle."),
    ];

    public static string Describe(Requirement r) => r.Frequency switch
    {
        Frequency.Once => "Once",
        Frequency.EveryMonths => r.Months == 12 ? "Every 12 months (rolling)" : $"Every {r.Months} months (rolling)",
        Frequency.YearlyByDate => "Every year by " + new DateOnly(2000, r.FixedMonth, r.FixedDay).ToString("MMMM d", CultureInfo.InvariantCulture),
        Frequency.LicenceRenewal => $"Before each licence renewal ({r.Months}-month cycle)",
        _ => r.Frequency.ToString(),
    };

    /// <summary>Who it covers, in words: "Everyone", or the chosen roles, sites, licence types and states.</summary>
    public static string DescribeWho(Requirement r, IReadOnlyDictionary<string, string> siteNames)
    {
        var parts = new List<string>();
        var roles = RequirementScope.Split(r.Roles);
        var sites = RequirementScope.Split(r.Sites);
        var types = RequirementScope.Split(r.LicenceTypes);
        var states = RequirementScope.Split(r.LicenceStates);
        if (roles.Count > 0)
        {
            parts.Add(string.Join(", ", roles.Select(JobRoles.NameOf)));
        }
        if (sites.Count > 0)
        {
            parts.Add("at " + string.Join(", ", sites.Select(s => siteNames.GetValueOrDefault(s.ToLowerInvariant(), "(closed site)"))));
        }
        if (types.Count > 0)
        {
            parts.Add("licence " + string.Join(", ", types));
        }
        if (states.Count > 0)
        {
            parts.Add("licensed in " + string.Join(", ", states));
        }
        return parts.Count == 0 ? "Everyone" : string.Join("; ", parts);
    }

    /// <summary>Checks every field, adding errors under Input.&lt;Field&gt;; applies the values when all are sound.</summary>
    public static bool TryApply(RequirementInput input, Requirement target, IReadOnlyList<CourseChoice> courses, IReadOnlyCollection<Guid> siteIds, ModelStateDictionary errors)
    {
        void Error(string field, string message) => errors.AddModelError("Input." + field, message);

        var name = (input.Name ?? "").Trim();
        if (name.Length == 0)
        {
            Error("Name", "Name: enter a name staff and auditors will recognise, for example “Annual human trafficking in-service”.");
        }
        else if (name.Length > 200)
        {
            Error("Name", "Name: keep it to 200 characters or fewer.");
        }
        var course = courses.FirstOrDefault(c => c.Id == input.CourseId);
        if (course is null)
        {
            Error("CourseId", "Course: choose one of the published courses.");
        }
        var track = string.IsNullOrWhiteSpace(input.Track) ? null : input.Track.Trim();
        if (course is not null && track is not null && course.Tracks.All(t => t.Id != track))
        {
            Error("Track", "Track: choose a track of the course, or “The track of each person's role”.");
        }
        if (!Enum.IsDefined(input.Frequency))
        {
            Error("Frequency", "How often: choose one of the options.");
        }
        if (input.Frequency is Frequency.EveryMonths or Frequency.LicenceRenewal && input.Months is not (>= 1 and <= 120))
        {
            Error("Months", input.Frequency == Frequency.EveryMonths
                ? "Months between completions: enter a whole number from 1 to 120."
                : "Renewal cycle in months: enter a whole number from 1 to 120 (24 for a two-year licence).");
        }
        if (input.Frequency == Frequency.YearlyByDate)
        {
            if (input.FixedMonth is not (>= 1 and <= 12))
            {
                Error("FixedMonth", "Due month: choose a month.");
            }
            else if (input.FixedDay is not { } day || day < 1 || day > DateTime.DaysInMonth(2024, input.FixedMonth.Value))
            {
                Error("FixedDay", $"Due day: enter a day that exists in {new DateOnly(2000, input.FixedMonth.Value, 1).ToString("MMMM", CultureInfo.InvariantCulture)} (1 to {DateTime.DaysInMonth(2024, input.FixedMonth.Value)}).");
            }
        }
        var startsOk = DateOnly.TryParseExact((input.StartsOn ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var starts);
        if (!startsOk)
        {
            Error("StartsOn", "Starts on: enter the date the requirement takes effect, for example 2026-01-01.");
        }
        else if (starts.Year is < 2000 or > 2100)
        {
            Error("StartsOn", "Starts on: enter a date between 2000 and 2100.");
        }
        Days("NewHireDays", "Days a new hire has", input.NewHireDays, 0, 365);
        Days("GraceDays", "Grace period in days", input.GraceDays, 0, 365);
        Days("EarlyDays", "Early window in days", input.EarlyDays, 0, 365);
        Days("DueSoonDays", "“Due soon” warning in days", input.DueSoonDays, 0, 365);

        var roles = input.Roles.Where(r => !string.IsNullOrWhiteSpace(r)).Distinct(StringComparer.Ordinal).ToList();
        if (roles.Any(r => JobRoles.All.All(j => j.Code != r)))
        {
            Error("Roles", "Job roles: choose roles from the list.");
        }
        var sites = new List<Guid>();
        foreach (var value in input.Sites.Where(s => !string.IsNullOrWhiteSpace(s)))
        {
            if (Guid.TryParse(value, out var id) && siteIds.Contains(id))
            {
                sites.Add(id);
            }
            else
            {
                Error("Sites", "Sites: choose the practice's own sites.");
                break;
            }
        }
        var types = input.LicenceTypes.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        if (types.Any(t => Roster.LicenceTypes.All.All(l => l.Code != t)))
        {
            Error("LicenceTypes", "Licence types: choose licence types from the list.");
        }
        var states = (input.LicenceStates ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var unknown = states.Where(s => UsStates.All.All(u => u.Code != s)).ToList();
        if (unknown.Count > 0)
        {
            Error("LicenceStates", $"Licence states: “{string.Join(", ", unknown)}” {(unknown.Count == 1 ? "is not a US state code" : "are not US state codes")}. Use two-letter codes such as TX, FL.");
        }
        if (input.Frequency == Frequency.LicenceRenewal && types.Count == 0 && errors.ErrorCount == 0)
        {
            Error("LicenceTypes", "Licence types: a requirement due before each licence renewal needs at least one licence type.");
        }

        if (errors.ErrorCount > 0)
        {
            return false;
        }
        target.Name = name;
        target.CourseId = course!.Id;
        target.Track = track;
        target.Frequency = input.Frequency;
        target.Months = input.Frequency is Frequency.EveryMonths or Frequency.LicenceRenewal ? input.Months!.Value : target.Months;
        if (input.Frequency == Frequency.YearlyByDate)
        {
            target.FixedMonth = input.FixedMonth!.Value;
            target.FixedDay = input.FixedDay!.Value;
        }
        target.StartsOn = starts;
        target.NewHireDays = input.NewHireDays!.Value;
        target.GraceDays = input.GraceDays!.Value;
        target.EarlyDays = input.EarlyDays!.Value;
        target.DueSoonDays = input.DueSoonDays!.Value;
        target.Roles = string.Join(",", roles);
        target.Sites = string.Join(",", sites.Select(s => s.ToString()));
        target.LicenceTypes = string.Join(",", types);
        target.LicenceStates = string.Join(",", states);
        return true;

        void Days(string field, string label, int? value, int min, int max)
        {
            if (value is not { } v || v < min || v > max)
            {
                Error(field, $"{label}: enter a whole number from {min} to {max}.");
            }
        }
    }
}
