using System.Globalization;
using Beacon.Features.LiveSessions;
using Calendar = Ical.Net.Calendar;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Beacon.Features.Series;

/// <summary>
/// The iCalendar side of series: building the RRULE from the form, expanding it (Ical.Net, in the series'
/// zone, so 9:00 stays 9:00 across a DST change), and writing feeds and invitations.
/// </summary>
public static class SeriesCalendar
{
    public const string ProductId = "-//Beacon//Live in-services//EN";

    /// <summary>A series has at most this many occurrences (two years of weekly sessions).</summary>
    public const int MaxOccurrences = 104;

    public static string RuleFor(SeriesPattern pattern, int interval, DateOnly firstDate, DateTime? untilUtc, int? count)
    {
        var rule = pattern switch
        {
            SeriesPattern.Weekly => $"FREQ=WEEKLY;INTERVAL={interval};BYDAY={Day(firstDate.DayOfWeek)}",
            SeriesPattern.MonthlyByWeekday => $"FREQ=MONTHLY;INTERVAL={interval};BYDAY={WeekOfMonth(firstDate)}{Day(firstDate.DayOfWeek)}",
            _ => $"FREQ=MONTHLY;INTERVAL={interval};BYMONTHDAY={firstDate.Day}",
        };
        return untilUtc is { } until
            ? rule + ";UNTIL=" + until.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)
            : rule + ";COUNT=" + count!.Value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>1..4 for the first to fourth such weekday of the month; -1 (last) for a fifth.</summary>
    public static int WeekOfMonth(DateOnly date) => (date.Day - 1) / 7 + 1 is var week && week >= 5 ? -1 : week;

    /// <summary>"second Tuesday", "last Friday".</summary>
    public static string DescribeWeekday(DateOnly date) =>
        (WeekOfMonth(date) switch { 1 => "first", 2 => "second", 3 => "third", 4 => "fourth", _ => "last" }) + " " + date.DayOfWeek;

    private static string Day(DayOfWeek day) => day.ToString()[..2].ToUpperInvariant();

    /// <summary>The start instants (UTC) the rule gives, in order; at most <see cref="MaxOccurrences"/> + 1 so callers can tell "too many".</summary>
    public static IReadOnlyList<DateTime> Expand(string timeZoneId, DateOnly firstDate, TimeOnly startTime, int minutes, string rrule)
    {
        var master = new CalendarEvent
        {
            DtStart = new CalDateTime(firstDate, startTime, timeZoneId),
            Duration = Duration.FromMinutes(minutes),
        };
        master.RecurrenceRule = new RecurrenceRule(rrule);
        var calendar = new Calendar();
        calendar.Events.Add(master);
        return master.GetOccurrences(null, null)
            .Take(MaxOccurrences + 1)
            .Select(o => DateTime.SpecifyKind(o.Period.StartTime.AsUtc, DateTimeKind.Utc))
            .ToList();
    }

    public static IReadOnlyList<DateTime> Expand(LiveSeries series) =>
        Expand(series.TimeZoneId, series.FirstDate, series.StartTime, series.Minutes, series.RRule);

    /// <summary>The UID of one occurrence in invitations and personal feeds (each occurrence stands alone there).</summary>
    public static string OccurrenceUid(LiveSession session, string host) => $"session-{session.Id:N}@{host}";

    public static CalDateTime Local(DateTime utc, string timeZoneId) =>
        new CalDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc), "UTC").ToTimeZone(timeZoneId);

    /// <summary>
    /// The practice feed: each series as one recurring event (RRULE, EXDATE for cancelled occurrences,
    /// a RECURRENCE-ID override for each moved or relocated one), with the zone's VTIMEZONE.
    /// </summary>
    public static string PracticeFeed(string calendarName, IEnumerable<(LiveSeries Series, IReadOnlyList<LiveSession> Occurrences)> series)
    {
        var calendar = NewCalendar(null, calendarName);
        var zones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (s, occurrences) in series)
        {
            if (zones.Add(s.TimeZoneId))
            {
                calendar.AddTimeZone(s.TimeZoneId);
            }
            var master = new CalendarEvent
            {
                Uid = s.Uid,
                Summary = s.Title,
                Location = s.Location,
                DtStart = new CalDateTime(s.FirstDate, s.StartTime, s.TimeZoneId),
                Duration = Duration.FromMinutes(s.Minutes),
                Sequence = s.Sequence,
                DtStamp = new CalDateTime(DateTime.SpecifyKind(s.UpdatedAt, DateTimeKind.Utc), "UTC"),
            };
            master.RecurrenceRule = new RecurrenceRule(s.RRule);
            foreach (var occurrence in occurrences.Where(o => o.RecurrenceId is not null))
            {
                var original = Local(occurrence.RecurrenceId!.Value, s.TimeZoneId);
                if (occurrence.CancelledAt is not null)
                {
                    master.ExceptionDates.Add(original);
                    continue;
                }
                var moved = occurrence.StartsAt != occurrence.RecurrenceId || occurrence.Location != s.Location
                    || occurrence.Title != s.Title || occurrence.EndsAt - occurrence.StartsAt != TimeSpan.FromMinutes(s.Minutes);
                if (!moved)
                {
                    continue;
                }
                calendar.Events.Add(new CalendarEvent
                {
                    Uid = s.Uid,
                    RecurrenceIdentifier = new RecurrenceIdentifier(original, null),
                    Summary = occurrence.Title,
                    Location = occurrence.Location,
                    DtStart = Local(occurrence.StartsAt, s.TimeZoneId),
                    DtEnd = Local(occurrence.EndsAt, s.TimeZoneId),
                    Sequence = Math.Max(s.Sequence, occurrence.Sequence),
                    DtStamp = master.DtStamp,
                });
            }
            calendar.Events.Add(master);
        }
        return Serialize(calendar);
    }

    /// <summary>A personal feed: each booked occurrence as its own event (cancelled ones stay, as STATUS:CANCELLED).</summary>
    public static string PersonalFeed(string calendarName, string timeZoneId, string host, IEnumerable<LiveSession> occurrences)
    {
        var calendar = NewCalendar(null, calendarName);
        calendar.AddTimeZone(timeZoneId);
        foreach (var occurrence in occurrences)
        {
            calendar.Events.Add(OccurrenceEvent(occurrence, timeZoneId, host, occurrence.CancelledAt is null ? "CONFIRMED" : "CANCELLED"));
        }
        return Serialize(calendar);
    }

    /// <summary>An invitation (METHOD:REQUEST) or cancellation (METHOD:CANCEL) of one occurrence for one attendee.</summary>
    public static string Invitation(LiveSession occurrence, string timeZoneId, string host, string method,
        string organizerName, string organizerAddress, string attendeeName, string attendeeAddress)
    {
        var calendar = NewCalendar(method, null);
        calendar.AddTimeZone(timeZoneId);
        var e = OccurrenceEvent(occurrence, timeZoneId, host, method == "CANCEL" ? "CANCELLED" : "CONFIRMED");
        e.Organizer = new Organizer("mailto:" + organizerAddress) { CommonName = organizerName };
        e.Attendees.Add(new Attendee("mailto:" + attendeeAddress)
        {
            CommonName = attendeeName,
            Role = "REQ-PARTICIPANT",
            ParticipationStatus = method == "CANCEL" ? "DECLINED" : "NEEDS-ACTION",
            Rsvp = false,
        });
        calendar.Events.Add(e);
        return Serialize(calendar);
    }

    private static CalendarEvent OccurrenceEvent(LiveSession occurrence, string timeZoneId, string host, string status) => new()
    {
        Uid = OccurrenceUid(occurrence, host),
        Summary = occurrence.Title,
        Location = occurrence.Location,
        DtStart = Local(occurrence.StartsAt, timeZoneId),
        DtEnd = Local(occurrence.EndsAt, timeZoneId),
        Sequence = occurrence.Sequence,
        Status = status,
        DtStamp = new CalDateTime(DateTime.SpecifyKind(occurrence.CreatedAt, DateTimeKind.Utc), "UTC"),
    };

    private static Calendar NewCalendar(string? method, string? name)
    {
        var calendar = new Calendar { ProductId = ProductId };
        if (method is not null)
        {
            calendar.Method = method;
        }
        if (name is not null)
        {
            calendar.AddProperty("X-WR-CALNAME", name);
        }
        return calendar;
    }

    private static string Serialize(Calendar calendar) => new CalendarSerializer().SerializeToString(calendar) ?? "";
}
