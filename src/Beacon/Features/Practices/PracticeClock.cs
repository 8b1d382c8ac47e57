using System.Globalization;
using Beacon.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Practices;

/// <summary>A US time zone a practice can choose, named the way an office manager knows it.</summary>
public sealed record UsTimeZone(string Id, string Name, string StandardAbbreviation, string? DaylightAbbreviation);

/// <summary>
/// The IANA zones offered to practices. A short, named list rather than the full database: the full list
/// has hundreds of entries (and aliases such as America/Indiana/*) that follow these same clocks today.
/// </summary>
public static class UsTimeZones
{
    public static IReadOnlyList<UsTimeZone> All { get; } =
    [
        new("America/New_York", "Eastern Time (New York, Atlanta, Miami, most of Indiana)", "EST", "EDT"),
        new("America/Chicago", "Central Time (Chicago, Dallas, Houston, Minneapolis)", "CST", "CDT"),
        new("America/Denver", "Mountain Time (Denver, Salt Lake City, Albuquerque)", "MST", "MDT"),
        new("America/Phoenix", "Arizona (Mountain Time, no daylight saving)", "MST", null),
        new("America/Los_Angeles", "Pacific Time (Los Angeles, Seattle, Las Vegas)", "PST", "PDT"),
        new("America/Anchorage", "Alaska Time (Anchorage, Juneau, Fairbanks)", "AKST", "AKDT"),
        new("America/Adak", "Hawaii-Aleutian Time (Aleutian Islands)", "HST", "HDT"),
        new("Pacific/Honolulu", "Hawaii Time (Honolulu, no daylight saving)", "HST", null),
        new("America/Puerto_Rico", "Atlantic Time (Puerto Rico, U.S. Virgin Islands)", "AST", null),
        new("Pacific/Guam", "Chamorro Time (Guam, Northern Mariana Islands)", "ChST", null),
        new("Pacific/Pago_Pago", "Samoa Time (American Samoa)", "SST", null),
    ];

    public static UsTimeZone? Find(string? id) =>
        All.FirstOrDefault(z => string.Equals(z.Id, id, StringComparison.Ordinal));

    /// <summary>The display name of any zone id: the friendly name for an offered zone, else the id itself.</summary>
    public static string NameOf(string id) => Find(id)?.Name ?? id;
}

/// <summary>
/// Shows UTC instants as the practice's wall-clock time, with the zone's abbreviation so nobody has to
/// guess, and turns the practice's calendar days back into UTC ranges for filters.
/// </summary>
public sealed class PracticeClock
{
    private static readonly CultureInfo UsEnglish = CultureInfo.GetCultureInfo("en-US");

    private readonly UsTimeZone? _named;
    private readonly bool _isUtc;

    public PracticeClock(TimeZoneInfo zone)
    {
        Zone = zone;
        _named = UsTimeZones.Find(zone.Id);
        _isUtc = zone.Equals(TimeZoneInfo.Utc);
    }

    /// <summary>Installation-level pages (the provider console) have no practice: they show UTC.</summary>
    public static PracticeClock Utc { get; } = new(TimeZoneInfo.Utc);

    public TimeZoneInfo Zone { get; }

    public static PracticeClock For(string? timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            return Utc;
        }
        try
        {
            return new PracticeClock(TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // A zone the host's tz database does not know still shows a correct (UTC) time, labelled as such.
            return Utc;
        }
    }

    public static async Task<PracticeClock> ForPracticeAsync(BeaconDbContext db, Guid practiceId, CancellationToken cancellationToken)
    {
        var zoneId = await db.Practices.Where(p => p.Id == practiceId).Select(p => p.TimeZoneId).FirstOrDefaultAsync(cancellationToken);
        return For(zoneId);
    }

    public DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>"Mar 2, 2026, 9:00 AM CST".</summary>
    public string Format(DateTime utc)
    {
        var local = ToLocal(utc);
        return local.ToString("MMM d, yyyy, h:mm tt", UsEnglish) + " " + Abbreviation(local);
    }

    /// <summary>"Mar 2, 2026": for dates where the hour does not matter (invitation expiry, practice created).</summary>
    public string FormatDate(DateTime utc) => ToLocal(utc).ToString("MMM d, yyyy", UsEnglish);

    /// <summary>The machine-readable instant for a &lt;time datetime&gt; attribute.</summary>
    public static string Iso(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>The UTC instant at which a calendar day starts in the practice.</summary>
    public DateTime StartOfDayUtc(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // US zones change clocks at 2 AM, never at midnight; should a zone skip midnight, start an hour later.
        if (Zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    public DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(ToLocal(time.GetUtcNow().UtcDateTime));

    /// <summary>A short label for the zone itself, e.g. "Central Time (…)" or "UTC".</summary>
    public string ZoneName => _isUtc ? "UTC" : _named?.Name ?? Zone.Id;

    private string Abbreviation(DateTime local)
    {
        if (_isUtc)
        {
            return "UTC";
        }
        var daylight = Zone.IsDaylightSavingTime(local);
        if (_named is not null)
        {
            return daylight ? _named.DaylightAbbreviation ?? _named.StandardAbbreviation : _named.StandardAbbreviation;
        }
        return daylight ? Zone.DaylightName : Zone.StandardName;
    }
}
