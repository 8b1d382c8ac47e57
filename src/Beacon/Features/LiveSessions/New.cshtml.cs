using System.Globalization;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Courses;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.LiveSessions;

/// <summary>
/// Schedules a one-off live session of the current course version. The date and time are the practice's
/// wall clock; the session stores UTC. It gets a check-in code no other session of the practice is using.
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class NewModel(BeaconDbContext db, TenantContext tenant, CourseCatalog catalog, AuditActor actor, TimeProvider time) : PageModel
{
    /// <summary>The course live sessions teach (Beacon ships one).</summary>
    public const string CourseId = "ht-medical-practice";

    public const int MinimumMinutes = 15;
    public const int MaximumMinutes = 480;

    /// <summary>How long staff meetings usually run; any whole number of minutes in range is accepted.</summary>
    public static IReadOnlyList<int> Durations { get; } = [30, 45, 60, 75, 90, 120, 180, 240];

    [BindProperty]
    public SessionInput Input { get; set; } = new();

    public CoursePackage? Course { get; private set; }
    public IReadOnlyList<Choice> Sites { get; private set; } = [];
    public IReadOnlyList<Choice> Instructors { get; private set; } = [];
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;

    public sealed class SessionInput
    {
        public string? Title { get; set; }
        public string? Track { get; set; }
        public Guid? SiteId { get; set; }
        public string? Location { get; set; }

        /// <summary>yyyy-MM-dd, as a date input sends it.</summary>
        public string? Date { get; set; }

        /// <summary>HH:mm, as a time input sends it.</summary>
        public string? StartTime { get; set; }

        public int? Minutes { get; set; }
        public Guid? InstructorUserId { get; set; }
    }

    public sealed record Choice(Guid Id, string Name);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Page();
        }
        var tomorrow = Clock.Today(time).AddDays(1);
        Input = new SessionInput
        {
            Title = Course!.Title,
            Track = Course.Tracks[0].Id,
            Date = tomorrow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartTime = "12:00",
            Minutes = 60,
            InstructorUserId = actor.UserId,
            SiteId = Sites.Count == 1 ? Sites[0].Id : null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Page();
        }
        var checkedInput = Check();
        if (checkedInput is not { } values || !ModelState.IsValid)
        {
            return Page();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var session = new LiveSession
        {
            PracticeId = tenant.PracticeId,
            Title = values.Title,
            CourseId = Course!.Id,
            Version = Course.Version,
            Track = values.Track,
            SiteId = Input.SiteId,
            Location = values.Location,
            InstructorUserId = Input.InstructorUserId!.Value,
            StartsAt = values.StartsAt,
            EndsAt = values.StartsAt.AddMinutes(Input.Minutes!.Value),
            CheckInCode = await CheckInCodes.NewUniqueAsync(db, now, cancellationToken),
            CreatedAt = now,
        };
        db.LiveSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"Session scheduled for {Clock.Format(session.StartsAt)}. Its check-in code is {session.CheckInCode}.";
        return Redirect($"/sessions/{session.Id}");
    }

    private sealed record Values(string Title, string Track, string Location, DateTime StartsAt);

    /// <summary>Every field checked, each problem said in words the instructor can act on; null when a field is unusable.</summary>
    private Values? Check()
    {
        var (title, track, location) = SessionFormChecks.Check(ModelState, "session", Course!, Input.Title, Input.Track, Input.SiteId, Input.Location,
            Input.InstructorUserId, Sites, Instructors);
        if (Input.Minutes is not (>= MinimumMinutes and <= MaximumMinutes))
        {
            ModelState.AddModelError("Input.Minutes", "Choose how long the session lasts: from 15 minutes to 8 hours.");
        }

        var dateOk = DateOnly.TryParseExact((Input.Date ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        if (!dateOk)
        {
            ModelState.AddModelError("Input.Date", "Enter the date of the session, for example 2026-03-14.");
        }
        var timeOk = TimeOnly.TryParseExact((Input.StartTime ?? "").Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var start);
        if (!timeOk)
        {
            ModelState.AddModelError("Input.StartTime", "Enter the start time, for example 12:00.");
        }
        if (!dateOk || !timeOk)
        {
            return null;
        }

        var local = date.ToDateTime(start, DateTimeKind.Unspecified);
        if (Clock.Zone.IsInvalidTime(local))
        {
            ModelState.AddModelError("Input.StartTime", "The clocks change at that time on that day, so it does not exist. Choose another start time.");
            return null;
        }
        var startsAt = TimeZoneInfo.ConvertTimeToUtc(local, Clock.Zone);
        var now = time.GetUtcNow().UtcDateTime;
        if (Input.Minutes is { } minutes && startsAt.AddMinutes(minutes) <= now)
        {
            ModelState.AddModelError("Input.Date", "That session would already be over. Choose a date and start time from now on.");
        }
        else if (startsAt > now.AddYears(2))
        {
            ModelState.AddModelError("Input.Date", "Schedule sessions up to two years ahead.");
        }
        return track is null ? null : new Values(title, track.Id, location, startsAt);
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var practiceId = tenant.PracticeId;
        Clock = await PracticeClock.ForPracticeAsync(db, practiceId, cancellationToken);
        Course = await catalog.CurrentAsync(CourseId, cancellationToken);
        Sites = await db.Sites.AsNoTracking().Where(s => s.Active).OrderBy(s => s.Name).Select(s => new Choice(s.Id, s.Name)).ToListAsync(cancellationToken);
        var roles = db.Roles.Where(r => r.Name == Roles.Instructor || r.Name == Roles.PracticeAdmin).Select(r => r.Id);
        Instructors = await db.Users.AsNoTracking()
            .Where(u => u.PracticeId == practiceId && !u.Disabled && db.UserRoles.Any(link => link.UserId == u.Id && roles.Contains(link.RoleId)))
            .OrderBy(u => u.DisplayName)
            .Select(u => new Choice(u.Id, u.DisplayName))
            .ToListAsync(cancellationToken);
        if (Course is null)
        {
            ModelState.AddModelError("", "The course is not published yet, so no session can be scheduled. Tell your training provider.");
            return false;
        }
        return true;
    }
}
