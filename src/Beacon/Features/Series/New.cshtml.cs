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

namespace Beacon.Features.Series;

/// <summary>
/// Creates a recurring series: the first date and wall-clock time in the practice's zone, a rule (weekly,
/// monthly on the same weekday or day, every n weeks or months), an end (a last date or a number of
/// sessions), and seats per session. Each occurrence becomes a live session at once.
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class NewModel(BeaconDbContext db, TenantContext tenant, CourseCatalog catalog, AuditActor actor, AuditLog audit, SeriesService series, TimeProvider time) : PageModel
{
    [BindProperty]
    public SeriesInput Input { get; set; } = new();

    public CoursePackage? Course { get; private set; }
    public IReadOnlyList<LiveSessions.NewModel.Choice> Sites { get; private set; } = [];
    public IReadOnlyList<LiveSessions.NewModel.Choice> Instructors { get; private set; } = [];
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;
    public string ZoneId { get; private set; } = "UTC";

    public sealed class SeriesInput
    {
        public string? Title { get; set; }
        public string? Track { get; set; }
        public string? FirstDate { get; set; }
        public string? StartTime { get; set; }
        public int? Minutes { get; set; }
        public SeriesPattern? Pattern { get; set; }
        public int? Interval { get; set; }

        /// <summary>"until" or "count".</summary>
        public string? EndsBy { get; set; }

        public string? UntilDate { get; set; }
        public int? Count { get; set; }
        public Guid? SiteId { get; set; }
        public string? Location { get; set; }
        public Guid? InstructorUserId { get; set; }
        public int? Capacity { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Page();
        }
        var first = Clock.Today(time).AddDays(7);
        Input = new SeriesInput
        {
            Title = Course!.Title,
            Track = Course.Tracks[0].Id,
            FirstDate = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartTime = "12:00",
            Minutes = 60,
            Pattern = SeriesPattern.MonthlyByWeekday,
            Interval = 1,
            EndsBy = "count",
            Count = 6,
            Capacity = 20,
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
        var values = Check();
        if (values is null || !ModelState.IsValid)
        {
            return Page();
        }
        var starts = SeriesCalendar.Expand(ZoneId, values.FirstDate, values.StartTime, Input.Minutes!.Value, values.Rule);
        var now = time.GetUtcNow().UtcDateTime;
        if (starts.Count == 0)
        {
            ModelState.AddModelError("Input.UntilDate", "That rule gives no sessions before the last date. Choose a later last date.");
            return Page();
        }
        if (starts.Count > SeriesCalendar.MaxOccurrences)
        {
            ModelState.AddModelError(Input.EndsBy == "count" ? "Input.Count" : "Input.UntilDate", $"A series can have up to {SeriesCalendar.MaxOccurrences} sessions; this one would have more. Choose an earlier last date.");
            return Page();
        }
        if (starts[^1] > now.AddYears(2))
        {
            ModelState.AddModelError(Input.EndsBy == "count" ? "Input.Count" : "Input.UntilDate", "Schedule series up to two years ahead: the last session would be later than that.");
            return Page();
        }

        var id = Guid.CreateVersion7();
        var entity = new LiveSeries
        {
            Id = id,
            PracticeId = tenant.PracticeId,
            Uid = $"series-{id:N}@{series.Host}",
            Title = values.Title,
            CourseId = Course!.Id,
            Version = Course.Version,
            Track = values.Track,
            SiteId = Input.SiteId,
            Location = values.Location,
            InstructorUserId = Input.InstructorUserId!.Value,
            TimeZoneId = ZoneId,
            FirstDate = values.FirstDate,
            StartTime = values.StartTime,
            Minutes = Input.Minutes!.Value,
            Pattern = Input.Pattern!.Value,
            RRule = values.Rule,
            Capacity = Input.Capacity!.Value,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.LiveSeries.Add(entity);
        var sessions = await series.MaterialiseAsync(entity, starts, cancellationToken);
        audit.Record(tenant.PracticeId, "series.created", "series", entity.Id.ToString(), new { entity.Title, entity.RRule, entity.TimeZoneId, occurrences = sessions.Count, entity.Capacity });
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"{entity.Title}: {sessions.Count} sessions scheduled, the first on {Clock.Format(sessions[0].StartsAt)}.";
        return Redirect($"/series/{entity.Id}");
    }

    private sealed record Values(string Title, string Track, string Location, DateOnly FirstDate, TimeOnly StartTime, string Rule);

    private Values? Check()
    {
        var (title, track, location) = LiveSessions.SessionFormChecks.Check(ModelState, "series", Course!, Input.Title, Input.Track, Input.SiteId, Input.Location,
            Input.InstructorUserId, Sites, Instructors);
        if (Input.Minutes is not (>= LiveSessions.NewModel.MinimumMinutes and <= LiveSessions.NewModel.MaximumMinutes))
        {
            ModelState.AddModelError("Input.Minutes", "Choose how long each session lasts: from 15 minutes to 8 hours.");
        }
        if (Input.Capacity is not (>= 1 and <= 500))
        {
            ModelState.AddModelError("Input.Capacity", "Enter the number of seats per session, from 1 to 500.");
        }
        if (Input.Pattern is not { } pattern || !Enum.IsDefined(pattern))
        {
            ModelState.AddModelError("Input.Pattern", "Choose how the series repeats.");
        }
        if (Input.Interval is not (>= 1 and <= 12))
        {
            ModelState.AddModelError("Input.Interval", "Enter how often it repeats: every 1 to 12 weeks or months (3 months is quarterly).");
        }

        var dateOk = DateOnly.TryParseExact((Input.FirstDate ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first);
        if (!dateOk)
        {
            ModelState.AddModelError("Input.FirstDate", "Enter the date of the first session, for example 2026-03-10.");
        }
        var timeOk = TimeOnly.TryParseExact((Input.StartTime ?? "").Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var start);
        if (!timeOk)
        {
            ModelState.AddModelError("Input.StartTime", "Enter the start time, for example 12:00.");
        }
        else if (start.Hour is 2 && Clock.Zone.SupportsDaylightSavingTime)
        {
            // 2:00-2:59 does not exist on the spring-forward day in US zones; a series would land on it some year.
            ModelState.AddModelError("Input.StartTime", "Clocks change between 2:00 and 3:00 AM on two days a year, so a series cannot start in that hour. Choose another time.");
        }

        DateTime? untilUtc = null;
        int? count = null;
        if (Input.EndsBy == "until")
        {
            if (!DateOnly.TryParseExact((Input.UntilDate ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until))
            {
                ModelState.AddModelError("Input.UntilDate", "Enter the last date of the series, for example 2026-12-31.");
            }
            else if (dateOk && until < first)
            {
                ModelState.AddModelError("Input.UntilDate", "The last date must be on or after the first session's date.");
            }
            else
            {
                // Through the end of that day in the practice's zone.
                untilUtc = Clock.StartOfDayUtc(until.AddDays(1)).AddSeconds(-1);
            }
        }
        else if (Input.EndsBy == "count")
        {
            if (Input.Count is not (>= 1 and <= SeriesCalendar.MaxOccurrences))
            {
                ModelState.AddModelError("Input.Count", $"Enter the number of sessions, from 1 to {SeriesCalendar.MaxOccurrences}.");
            }
            else
            {
                count = Input.Count;
            }
        }
        else
        {
            ModelState.AddModelError("Input.EndsBy", "Choose how the series ends: on a date, or after a number of sessions.");
        }

        if (!dateOk || !timeOk || track is null || Input.Pattern is null || !ModelState.IsValid)
        {
            return null;
        }
        var firstUtc = TimeZoneInfo.ConvertTimeToUtc(first.ToDateTime(start, DateTimeKind.Unspecified), Clock.Zone);
        if (firstUtc <= time.GetUtcNow().UtcDateTime)
        {
            ModelState.AddModelError("Input.FirstDate", "The first session would already have started. Choose a date and time from now on.");
            return null;
        }
        var rule = SeriesCalendar.RuleFor(Input.Pattern.Value, Input.Interval!.Value, first, untilUtc, count);
        return new Values(title, track.Id, location, first, start, rule);
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var practiceId = tenant.PracticeId;
        ZoneId = await db.Practices.Where(p => p.Id == practiceId).Select(p => p.TimeZoneId).FirstAsync(cancellationToken);
        Clock = PracticeClock.For(ZoneId);
        if (Clock == PracticeClock.Utc)
        {
            ZoneId = "UTC";
        }
        Course = await catalog.CurrentAsync(LiveSessions.NewModel.CourseId, cancellationToken);
        Sites = await db.Sites.AsNoTracking().Where(s => s.Active).OrderBy(s => s.Name).Select(s => new LiveSessions.NewModel.Choice(s.Id, s.Name)).ToListAsync(cancellationToken);
        Instructors = await InstructorsAsync(db, practiceId, cancellationToken);
        if (Course is null)
        {
            ModelState.AddModelError("", "The course is not published yet, so no series can be scheduled. Tell your training provider.");
            return false;
        }
        return true;
    }

    /// <summary>The practice's enabled instructors and administrators: who may lead a series.</summary>
    internal static async Task<List<LiveSessions.NewModel.Choice>> InstructorsAsync(BeaconDbContext db, Guid practiceId, CancellationToken cancellationToken)
    {
        var roles = db.Roles.Where(r => r.Name == Roles.Instructor || r.Name == Roles.PracticeAdmin).Select(r => r.Id);
        return await db.Users.AsNoTracking()
            .Where(u => u.PracticeId == practiceId && !u.Disabled && db.UserRoles.Any(link => link.UserId == u.Id && roles.Contains(link.RoleId)))
            .OrderBy(u => u.DisplayName)
            .Select(u => new LiveSessions.NewModel.Choice(u.Id, u.DisplayName))
            .ToListAsync(cancellationToken);
    }
}
