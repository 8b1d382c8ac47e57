using Beacon.Data;
using Beacon.Features.LiveSessions;
using Beacon.Features.Operations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Series;

/// <summary>
/// The calendar a feed address serves, to calendar apps that cannot sign in: the token is the credential.
/// An unknown or revoked token is a 404, the same answer either way.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[EnableRateLimiting(RateLimits.Public)]
public sealed class FeedModel(BeaconDbContext db, TenantContext tenant, SeriesService series) : PageModel
{
    [FromRoute]
    public string Token { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var token = Token.EndsWith(".ics", StringComparison.OrdinalIgnoreCase) ? Token[..^4] : Token;
        if (token.Length is < 20 or > 64)
        {
            return NotFound();
        }
        var hash = FeedTokens.Hash(token);
        tenant.ActAsSystem();
        var feed = await db.CalendarFeeds.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(f => f.TokenHash == hash && f.RevokedAt == null, cancellationToken);
        if (feed is null)
        {
            return NotFound();
        }
        tenant.ActForPractice(feed.PracticeId);
        var practice = await db.Practices.AsNoTracking().Where(p => p.Id == feed.PracticeId).Select(p => new { p.Name, p.TimeZoneId }).FirstAsync(cancellationToken);
        string body;
        if (feed.Kind == CalendarFeedKind.Practice)
        {
            var all = await db.LiveSeries.AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
            var sessions = await db.LiveSessions.AsNoTracking().Where(s => s.SeriesId != null).ToListAsync(cancellationToken);
            body = SeriesCalendar.PracticeFeed($"{practice.Name} in-services",
                all.Select(s => (s, (IReadOnlyList<LiveSession>)sessions.Where(o => o.SeriesId == s.Id).ToList())));
        }
        else
        {
            var staffId = feed.StaffMemberId;
            var booked = await db.LiveSessions.AsNoTracking()
                .Where(s => db.SessionBookings.Any(b => b.SessionId == s.Id && b.StaffMemberId == staffId && b.Status == BookingStatus.Booked))
                .OrderBy(s => s.StartsAt)
                .ToListAsync(cancellationToken);
            body = SeriesCalendar.PersonalFeed("My in-service bookings", practice.TimeZoneId, series.Host, booked);
        }
        Response.Headers.CacheControl = "private, no-cache";
        return File(System.Text.Encoding.UTF8.GetBytes(body), "text/calendar; charset=utf-8");
    }
}
