using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.LiveSessions;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Series;

/// <summary>A series and every occurrence: when and where, seats taken, wait list, and what can be done to each.</summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class DetailsModel(BeaconDbContext db, TenantContext tenant, TimeProvider time) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public LiveSeries Series { get; private set; } = null!;
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;
    public DateTime Now { get; private set; }
    public string Repeats { get; private set; } = "";

    public sealed record Occurrence(LiveSession Session, int Booked, int WaitListed)
    {
        public bool Moved => Session.RecurrenceId != Session.StartsAt;
    }

    public IReadOnlyList<Occurrence> Occurrences { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var series = await db.LiveSeries.AsNoTracking().FirstOrDefaultAsync(s => s.Id == Id, cancellationToken);
        if (series is null)
        {
            return NotFound();
        }
        Series = series;
        Clock = await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken);
        Now = time.GetUtcNow().UtcDateTime;
        Repeats = Describe(series);
        var sessions = await db.LiveSessions.AsNoTracking().Where(s => s.SeriesId == Id).OrderBy(s => s.RecurrenceId).ToListAsync(cancellationToken);
        var counts = await db.SessionBookings.AsNoTracking()
            .Where(b => db.LiveSessions.Any(s => s.Id == b.SessionId && s.SeriesId == Id))
            .GroupBy(b => new { b.SessionId, b.Status })
            .Select(g => new { g.Key.SessionId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        Occurrences = sessions.Select(s => new Occurrence(s,
            counts.Where(c => c.SessionId == s.Id && c.Status == BookingStatus.Booked).Sum(c => c.Count),
            counts.Where(c => c.SessionId == s.Id && c.Status == BookingStatus.WaitListed).Sum(c => c.Count))).ToList();
        return Page();
    }

    public static string Describe(LiveSeries series)
    {
        var interval = System.Text.RegularExpressions.Regex.Match(series.RRule, "INTERVAL=(\\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
        var every = series.Pattern == SeriesPattern.Weekly
            ? interval == 1 ? "Every week" : $"Every {interval} weeks"
            : interval == 1 ? "Every month" : interval == 3 ? "Every quarter" : $"Every {interval} months";
        var on = series.Pattern switch
        {
            SeriesPattern.Weekly => $"on {series.FirstDate.DayOfWeek}",
            SeriesPattern.MonthlyByWeekday => $"on the {SeriesCalendar.DescribeWeekday(series.FirstDate)}",
            _ => $"on day {series.FirstDate.Day}",
        };
        return $"{every} {on}, {series.Minutes} minutes";
    }
}
