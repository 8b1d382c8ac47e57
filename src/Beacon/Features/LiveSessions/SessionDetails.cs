using Beacon.Data;
using Beacon.Features.Courses;
using Beacon.Features.Learning;
using Beacon.Features.Practices;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.LiveSessions;

/// <summary>A session as its pages show it, with the names of its site and instructor.</summary>
public sealed record SessionSummary(
    Guid Id, string Title, string CourseId, string Version, string Track, Guid? SiteId, string? SiteName, string? Location,
    Guid InstructorUserId, string? InstructorName, DateTime StartsAt, DateTime EndsAt, string CheckInCode, DateTime? CancelledAt)
{
    public bool Cancelled => CancelledAt is not null;

    public DateTime OpensAt => StartsAt - CheckInCodes.Margin;

    public DateTime ClosesAt => EndsAt + CheckInCodes.Margin;

    public string Instructor => InstructorName ?? "(account removed)";

    public int Minutes => (int)Math.Round((EndsAt - StartsAt).TotalMinutes);
}

/// <summary>Everything a session page needs: the session, its frozen course version and track, the practice and its clock.</summary>
public sealed record SessionDetails(SessionSummary Session, CoursePackage Course, CourseTrack Track, string PracticeName, PracticeClock Clock)
{
    /// <summary>"Mar 2, 2026, 9:00 AM – 10:00 AM CST" (both ends on one day, as sessions are).</summary>
    public string When => Clock.Format(Session.StartsAt) + " to " + Clock.ToLocal(Session.EndsAt).ToString("h:mm tt", System.Globalization.CultureInfo.GetCultureInfo("en-US"));

    /// <summary>
    /// Loads a session of the current practice, or null when there is none with this id: the tenant filter
    /// makes another practice's session the same as a missing one.
    /// </summary>
    public static async Task<SessionDetails?> LoadAsync(BeaconDbContext db, TenantContext tenant, CourseCatalog catalog, Guid id, CancellationToken cancellationToken)
    {
        var practiceId = tenant.PracticeId;
        var session = await db.LiveSessions.AsNoTracking()
            .Where(s => s.Id == id)
            .Select(s => new SessionSummary(
                s.Id, s.Title, s.CourseId, s.Version, s.Track, s.SiteId,
                db.Sites.Where(x => x.Id == s.SiteId).Select(x => x.Name).FirstOrDefault(),
                s.Location, s.InstructorUserId,
                // Accounts are not tenant-filtered: name the practice.
                db.Users.Where(u => u.Id == s.InstructorUserId && u.PracticeId == practiceId).Select(u => u.DisplayName).FirstOrDefault(),
                s.StartsAt, s.EndsAt, s.CheckInCode, s.CancelledAt))
            .FirstOrDefaultAsync(cancellationToken);
        if (session is null)
        {
            return null;
        }
        // Published versions are never removed, so a session's version is always there.
        var course = await catalog.GetAsync(session.CourseId, session.Version, cancellationToken)
            ?? throw new InvalidOperationException($"Course {session.CourseId} {session.Version} of session {id} is not published.");
        var track = course.Track(session.Track)
            ?? throw new InvalidOperationException($"Track {session.Track} of session {id} is not in {session.CourseId} {session.Version}.");
        var practice = await db.Practices.AsNoTracking().Where(p => p.Id == practiceId).Select(p => new { p.Name, p.TimeZoneId }).FirstAsync(cancellationToken);
        return new SessionDetails(session, course, track, practice.Name, PracticeClock.For(practice.TimeZoneId));
    }
}

/// <summary>Where a person stands with the post-test of a session: from the attempts taken in it, online or on paper.</summary>
public sealed record PostTestStatus(Guid? AttemptId, AttemptMode Mode, int? Score, int QuestionCount, bool? Passed, bool Submitted)
{
    public static readonly PostTestStatus NotStarted = new(null, AttemptMode.Online, null, 0, null, false);

    public string Label => (Submitted, Passed) switch
    {
        (false, _) when AttemptId is null => "Not started",
        (false, _) => "Started, not submitted",
        (true, true) => $"Passed, {Describe}",
        _ => $"Not passed, {Describe}",
    };

    private string Describe => $"{Score} of {QuestionCount} ({(QuestionCount == 0 ? 0 : Score * 100 / QuestionCount)}%){(Mode == AttemptMode.Paper ? " on paper" : "")}";

    /// <summary>Per person: a pass if they have one, else their latest submitted attempt, else the one they have open.</summary>
    public static async Task<Dictionary<Guid, PostTestStatus>> ForSessionAsync(BeaconDbContext db, Guid sessionId, CancellationToken cancellationToken)
    {
        var attempts = await db.AssessmentAttempts.AsNoTracking()
            .Where(a => a.SessionId == sessionId && a.Kind == AttemptKind.PostTest)
            .Select(a => new { a.Id, a.StaffMemberId, a.Mode, a.Score, a.QuestionCount, a.Passed, a.SubmittedAt, a.StartedAt })
            .ToListAsync(cancellationToken);
        return attempts
            .GroupBy(a => a.StaffMemberId)
            .ToDictionary(g => g.Key, g =>
            {
                var best = g.OrderByDescending(a => a.Passed == true)
                    .ThenByDescending(a => a.SubmittedAt is not null)
                    .ThenByDescending(a => a.SubmittedAt ?? a.StartedAt)
                    .First();
                return new PostTestStatus(best.Id, best.Mode, best.Score, best.QuestionCount, best.Passed, best.SubmittedAt is not null);
            });
    }
}
