using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.LiveSessions;

/// <summary>The practice's live in-services: what is coming up (soonest first) and what has happened (latest first).</summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class IndexModel(BeaconDbContext db, TenantContext tenant, CourseCatalog catalog, TimeProvider time) : PageModel
{
    /// <summary>Past sessions shown; older ones stay in reports and the audit log.</summary>
    public const int PastLimit = 50;

    private readonly Dictionary<(string, string, string), string> _trackTitles = [];

    public IReadOnlyList<SessionRow> Upcoming { get; private set; } = [];
    public IReadOnlyList<SessionRow> Past { get; private set; } = [];
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;

    public sealed record SessionRow(Guid Id, string Title, string CourseId, string Version, string Track, DateTime StartsAt, DateTime EndsAt, string? Site, string? Location, string? Instructor, bool Cancelled, int Attendance);

    public sealed record SessionTable(IndexModel Page, IReadOnlyList<SessionRow> Rows, string Caption);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var practiceId = tenant.PracticeId;
        Clock = await PracticeClock.ForPracticeAsync(db, practiceId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        IQueryable<SessionRow> Rows(IQueryable<LiveSession> sessions) => sessions.Select(s => new SessionRow(
            s.Id, s.Title, s.CourseId, s.Version, s.Track, s.StartsAt, s.EndsAt,
            db.Sites.Where(x => x.Id == s.SiteId).Select(x => x.Name).FirstOrDefault(),
            s.Location,
            // Accounts are not tenant-filtered: name the practice.
            db.Users.Where(u => u.Id == s.InstructorUserId && u.PracticeId == practiceId).Select(u => u.DisplayName).FirstOrDefault(),
            s.CancelledAt != null,
            db.Attendances.Count(a => a.SessionId == s.Id)));
        var all = db.LiveSessions.AsNoTracking();
        Upcoming = await Rows(all.Where(s => s.EndsAt >= now && s.CancelledAt == null).OrderBy(s => s.StartsAt)).ToListAsync(cancellationToken);
        Past = await Rows(all.Where(s => s.EndsAt < now || s.CancelledAt != null).OrderByDescending(s => s.StartsAt).Take(PastLimit)).ToListAsync(cancellationToken);
        // Each session keeps the course version it was scheduled with; name its track from that version.
        foreach (var version in Upcoming.Concat(Past).Select(r => (r.CourseId, r.Version)).Distinct())
        {
            if (await catalog.GetAsync(version.CourseId, version.Version, cancellationToken) is { } course)
            {
                foreach (var track in course.Tracks)
                {
                    _trackTitles[(version.CourseId, version.Version, track.Id)] = track.Title;
                }
            }
        }
    }

    public IActionResult OnPost() => BadRequest();

    public string TrackTitle(SessionRow row) => _trackTitles.GetValueOrDefault((row.CourseId, row.Version, row.Track), row.Track);
}
