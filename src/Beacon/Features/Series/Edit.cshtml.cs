using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Series;

/// <summary>
/// Changes a series' title, place, seats and instructor for the sessions still to come (not started, not
/// cancelled); sessions that have started or taken place keep what they were, as records. A session moved to
/// a place of its own keeps that place. Each changed session's SEQUENCE goes up and everyone booked,
/// wait-listed or invited gets the updated invitation (METHOD:REQUEST).
/// Seats: a reduction below the bookings a session to come already has is refused (nobody loses a seat they
/// were given); seat numbers above the new number are renumbered into the free ones. An increase gives the
/// new seats to the wait list, first come first served, with an email each. The change is audited.
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class EditModel(BeaconDbContext db, TenantContext tenant, AuditLog audit, SeriesService service, TimeProvider time) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public EditInput Input { get; set; } = new();

    public LiveSeries Series { get; private set; } = null!;
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;
    public IReadOnlyList<LiveSessions.NewModel.Choice> Instructors { get; private set; } = [];
    public int Upcoming { get; private set; }
    public string? Refusal { get; private set; }

    public sealed class EditInput
    {
        public string? Title { get; set; }
        public string? Location { get; set; }
        public int? Capacity { get; set; }
        public Guid? InstructorUserId { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(track: false, cancellationToken))
        {
            return NotFound();
        }
        Input = new EditInput { Title = Series.Title, Location = Series.Location, Capacity = Series.Capacity, InstructorUserId = Series.InstructorUserId };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(track: true, cancellationToken))
        {
            return NotFound();
        }
        if (Refusal is not null)
        {
            return Page();
        }
        var title = (Input.Title ?? "").Trim();
        if (title.Length == 0)
        {
            ModelState.AddModelError("Input.Title", "Enter a title for the series.");
        }
        else if (title.Length > 200)
        {
            ModelState.AddModelError("Input.Title", "Keep the title to 200 characters or fewer.");
        }
        var location = (Input.Location ?? "").Trim();
        if (location.Length == 0)
        {
            ModelState.AddModelError("Input.Location", "Enter the room or address, or the link to the video call.");
        }
        else if (location.Length > 300)
        {
            ModelState.AddModelError("Input.Location", "Keep the location to 300 characters or fewer.");
        }
        if (Input.Capacity is not (>= 1 and <= 500))
        {
            ModelState.AddModelError("Input.Capacity", "Enter the number of seats per session, from 1 to 500.");
        }
        if (Input.InstructorUserId is not { } instructor || Instructors.All(i => i.Id != instructor))
        {
            ModelState.AddModelError("Input.InstructorUserId", "Choose an instructor of the practice.");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var capacity = Input.Capacity!.Value;
        var instructorId = Input.InstructorUserId!.Value;
        var sessions = await db.LiveSessions.Where(s => s.SeriesId == Id && s.CancelledAt == null && s.StartsAt > now).OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);
        var ids = sessions.Select(s => s.Id).ToList();
        var bookings = await db.SessionBookings.Where(b => ids.Contains(b.SessionId) && b.Status == BookingStatus.Booked).ToListAsync(cancellationToken);
        var fullest = sessions
            .Select(s => (Session: s, Booked: bookings.Count(b => b.SessionId == s.Id)))
            .OrderByDescending(x => x.Booked).ThenBy(x => x.Session.StartsAt)
            .FirstOrDefault();
        if (fullest.Session is not null && fullest.Booked > capacity)
        {
            ModelState.AddModelError("Input.Capacity",
                $"The session of {Clock.Format(fullest.Session.StartsAt)} already has {fullest.Booked} seats booked, so there cannot be fewer than {fullest.Booked} seats. Nobody loses a booked seat: lower the number once people have cancelled.");
            return Page();
        }

        var before = new { Series.Title, Series.Location, Series.Capacity, Series.InstructorUserId };
        var noChange = title == Series.Title && location == Series.Location && capacity == Series.Capacity && instructorId == Series.InstructorUserId;
        if (noChange)
        {
            TempData["Status"] = "Nothing changed: the series already has these details.";
            return Redirect($"/series/{Id}");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = new List<LiveSessions.LiveSession>();
        var freeSeats = new Dictionary<Guid, List<int>>();
        foreach (var session in sessions)
        {
            var invitationChanged = false;
            if (session.Title != title)
            {
                session.Title = title;
                invitationChanged = true;
            }
            // A session moved to a place of its own keeps it; the others follow the series.
            if (session.Location == Series.Location && session.Location != location)
            {
                session.Location = location;
                invitationChanged = true;
            }
            if (session.InstructorUserId != instructorId)
            {
                session.InstructorUserId = instructorId;
                invitationChanged = true;
            }
            session.Capacity = capacity;
            var here = bookings.Where(b => b.SessionId == session.Id).ToList();
            var free = new Queue<int>(Enumerable.Range(1, capacity).Except(here.Select(b => b.Seat ?? 0)));
            foreach (var booking in here.Where(b => b.Seat > capacity).OrderBy(b => b.Seat))
            {
                booking.Seat = free.Dequeue();
            }
            freeSeats[session.Id] = [.. free];
            if (invitationChanged)
            {
                session.Sequence++;
                changed.Add(session);
            }
        }
        Series.Title = title;
        Series.Location = location;
        Series.Capacity = capacity;
        Series.InstructorUserId = instructorId;
        Series.Sequence++;
        Series.UpdatedAt = now;
        var told = 0;
        foreach (var session in changed)
        {
            told += await service.QueueAsync(session, await service.AudienceAsync(session.Id, cancellationToken), "REQUEST", "session-changed", "Changed",
                "This in-service has changed: its title, place or instructor is new. The attached update changes it in your calendar.", cancellationToken);
        }
        audit.Record(tenant.PracticeId, "series.edited", "series", Series.Id.ToString(), new
        {
            before,
            after = new { Series.Title, Series.Location, Series.Capacity, Series.InstructorUserId },
            sessionsChanged = changed.Count,
            sessionsToCome = sessions.Count,
            told,
        });
        await db.SaveChangesAsync(cancellationToken);
        if (capacity > before.Capacity)
        {
            foreach (var session in sessions)
            {
                await service.PromoteAsync(session.Id, freeSeats[session.Id], cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        TempData["Status"] = $"The series is changed for its {sessions.Count} sessions to come. {told} {(told == 1 ? "person was" : "people were")} sent the updated invitation.";
        return Redirect($"/series/{Id}");
    }

    private async Task<bool> LoadAsync(bool track, CancellationToken cancellationToken)
    {
        var query = track ? db.LiveSeries : db.LiveSeries.AsNoTracking();
        var series = await query.FirstOrDefaultAsync(s => s.Id == Id, cancellationToken);
        if (series is null)
        {
            return false;
        }
        Series = series;
        Clock = await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken);
        Instructors = await NewModel.InstructorsAsync(db, tenant.PracticeId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        Upcoming = await db.LiveSessions.CountAsync(s => s.SeriesId == Id && s.CancelledAt == null && s.StartsAt > now, cancellationToken);
        Refusal = series.EndedAt is not null ? "This series has ended, so it cannot be changed."
            : Upcoming == 0 ? "This series has no sessions to come, so there is nothing to change."
            : null;
        return true;
    }
}
