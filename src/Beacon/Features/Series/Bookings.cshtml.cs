using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Series;

/// <summary>Where staff book a seat at an upcoming series session, join its wait list, or cancel.</summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class BookingsModel(BeaconDbContext db, TenantContext tenant, AuditActor actor, SeriesService series, TimeProvider time) : PageModel
{
    public sealed record Row(Guid SessionId, string Title, string Location, DateTime StartsAt, int Capacity, int Booked, int WaitListed, BookingStatus? Mine, int? Position);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;
    public bool Linked { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostBookAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var staffId = await StaffIdAsync(cancellationToken);
        if (staffId is null)
        {
            return Forbid();
        }
        var outcome = await series.BookAsync(sessionId, staffId.Value, cancellationToken);
        if (outcome == BookingOutcome.NotBookable)
        {
            TempData["Problem"] = "That session cannot be booked: it is cancelled, has started, or is not a series session.";
            return Redirect("/bookings");
        }
        TempData["Status"] = outcome switch
        {
            BookingOutcome.Booked => "Your seat is booked. The invitation is on its way to your email.",
            BookingOutcome.WaitListed => "The session is full, so you are on its wait list. If a seat comes free you get it and an email.",
            BookingOutcome.AlreadyBooked => "You already have a seat at that session.",
            _ => "You are already on that session's wait list.",
        };
        return Redirect("/bookings");
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var staffId = await StaffIdAsync(cancellationToken);
        if (staffId is null)
        {
            return Forbid();
        }
        var cancelled = await series.CancelBookingAsync(sessionId, staffId.Value, cancellationToken);
        TempData["Status"] = cancelled ? "Your booking is cancelled." : "You had no booking at that session.";
        return Redirect("/bookings");
    }

    private async Task<Guid?> StaffIdAsync(CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == actor.UserId && u.PracticeId == tenant.PracticeId).Select(u => u.StaffMemberId).FirstOrDefaultAsync(cancellationToken);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Clock = await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken);
        var staffId = await StaffIdAsync(cancellationToken);
        Linked = staffId is not null;
        var now = time.GetUtcNow().UtcDateTime;
        var sessions = await db.LiveSessions.AsNoTracking()
            .Where(s => s.SeriesId != null && s.Capacity != null && s.CancelledAt == null && s.StartsAt > now)
            .OrderBy(s => s.StartsAt).Take(200)
            .Select(s => new { s.Id, s.Title, s.Location, s.StartsAt, Capacity = s.Capacity!.Value })
            .ToListAsync(cancellationToken);
        var ids = sessions.Select(s => s.Id).ToList();
        var bookings = await db.SessionBookings.AsNoTracking().Where(b => ids.Contains(b.SessionId))
            .Select(b => new { b.SessionId, b.StaffMemberId, b.Status, b.CreatedAt, b.Id }).ToListAsync(cancellationToken);
        Rows = sessions.Select(s =>
        {
            var here = bookings.Where(b => b.SessionId == s.Id).ToList();
            var mine = here.FirstOrDefault(b => b.StaffMemberId == staffId);
            int? position = mine?.Status == BookingStatus.WaitListed
                ? here.Where(b => b.Status == BookingStatus.WaitListed).OrderBy(b => b.CreatedAt).ThenBy(b => b.Id).ToList().FindIndex(b => b.Id == mine.Id) + 1
                : null;
            return new Row(s.Id, s.Title, s.Location ?? "", s.StartsAt, s.Capacity,
                here.Count(b => b.Status == BookingStatus.Booked), here.Count(b => b.Status == BookingStatus.WaitListed), mine?.Status, position);
        }).ToList();
    }
}
