using Beacon.Data;
using Beacon.Features.Audit;
using Beacon.Features.Email;
using Beacon.Features.LiveSessions;
using Beacon.Features.Operations;
using Beacon.Features.Practices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Series;

public enum BookingOutcome
{
    Booked,
    WaitListed,
    AlreadyBooked,
    AlreadyWaitListed,
    NotBookable,
}

/// <summary>
/// Occurrences, bookings and the emails about them. Seats are numbered 1..capacity and unique per session in
/// the database: two people booking the last seat at once both try to insert the same seat number, one
/// insert fails, and that booker tries again (and finds the session full, so joins the wait list).
/// </summary>
public sealed class SeriesService(BeaconDbContext db, TenantContext tenant, Outbox outbox, AuditLog audit, TimeProvider time, IOptions<SecurityOptions> security, ILogger<SeriesService> logger)
{
    private const int BookingAttempts = 25;

    public string Host => new Uri(security.Value.PublicBaseUrl).Host;
    private string BaseUrl => security.Value.PublicBaseUrl.TrimEnd('/');

    /// <summary>One session row per start the rule gives (the series is new; its sessions are added to the context).</summary>
    public async Task<List<LiveSession>> MaterialiseAsync(LiveSeries series, IReadOnlyList<DateTime> starts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var sessions = new List<LiveSession>();
        foreach (var start in starts)
        {
            string code;
            do
            {
                code = await CheckInCodes.NewUniqueAsync(db, now, cancellationToken);
            }
            while (!codes.Add(code));
            sessions.Add(new LiveSession
            {
                PracticeId = series.PracticeId,
                SeriesId = series.Id,
                RecurrenceId = start,
                Title = series.Title,
                CourseId = series.CourseId,
                Version = series.Version,
                Track = series.Track,
                SiteId = series.SiteId,
                Location = series.Location,
                InstructorUserId = series.InstructorUserId,
                StartsAt = start,
                EndsAt = start.AddMinutes(series.Minutes),
                Capacity = series.Capacity,
                CheckInCode = code,
                CreatedAt = now,
            });
        }
        db.LiveSessions.AddRange(sessions);
        return sessions;
    }

    /// <summary>Books a seat, or a place on the wait list when every seat is taken. Safe under concurrent bookings.</summary>
    public async Task<BookingOutcome> BookAsync(Guid sessionId, Guid staffMemberId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow().UtcDateTime;
            var session = await db.LiveSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
            if (session is null || session.Capacity is not { } capacity || session.CancelledAt is not null || session.StartsAt <= now)
            {
                return BookingOutcome.NotBookable;
            }
            var mine = await db.SessionBookings.AsNoTracking()
                .Where(b => b.SessionId == sessionId && b.StaffMemberId == staffMemberId)
                .Select(b => (BookingStatus?)b.Status)
                .FirstOrDefaultAsync(cancellationToken);
            if (mine is { } status)
            {
                return status == BookingStatus.Booked ? BookingOutcome.AlreadyBooked : BookingOutcome.AlreadyWaitListed;
            }
            var taken = await db.SessionBookings.AsNoTracking()
                .Where(b => b.SessionId == sessionId && b.Seat != null)
                .Select(b => b.Seat!.Value)
                .ToListAsync(cancellationToken);
            var seat = Enumerable.Range(1, capacity).Except(taken).Cast<int?>().FirstOrDefault();
            var booking = new SessionBooking
            {
                PracticeId = tenant.PracticeId,
                SessionId = sessionId,
                StaffMemberId = staffMemberId,
                Status = seat is null ? BookingStatus.WaitListed : BookingStatus.Booked,
                Seat = seat,
                CreatedAt = now,
            };
            db.SessionBookings.Add(booking);
            if (seat is not null)
            {
                await QueueAsync(session, [staffMemberId], "REQUEST", "session-booked", "Your place is booked",
                    "Your place at this in-service is booked. The invitation is attached for your calendar.", cancellationToken);
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return seat is null ? BookingOutcome.WaitListed : BookingOutcome.Booked;
            }
            catch (DbUpdateException ex) when (attempt < BookingAttempts)
            {
                // Someone else took that seat (or this person booked in another tab): look again.
                logger.LogDebug(ex, "Booking conflict on session {SessionId}, attempt {Attempt}", sessionId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(System.Security.Cryptography.RandomNumberGenerator.GetInt32(5, 40)), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Cancels a booking or wait-list place. A freed seat goes to the first on the wait list, in the same
    /// transaction, and they are told by email. Returns false when there was nothing to cancel.
    /// </summary>
    public async Task<bool> CancelBookingAsync(Guid sessionId, Guid staffMemberId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var booking = await db.SessionBookings.FirstOrDefaultAsync(b => b.SessionId == sessionId && b.StaffMemberId == staffMemberId, cancellationToken);
        if (booking is null)
        {
            return false;
        }
        var freed = booking.Seat;
        db.SessionBookings.Remove(booking);
        await db.SaveChangesAsync(cancellationToken);
        if (freed is { } seat)
        {
            await PromoteAsync(sessionId, [seat], cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Gives free seats to the wait list in the order people joined it, and emails each promoted person.</summary>
    public async Task PromoteAsync(Guid sessionId, IEnumerable<int> seats, CancellationToken cancellationToken)
    {
        var session = await db.LiveSessions.AsNoTracking().FirstAsync(s => s.Id == sessionId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var queue = await db.SessionBookings
            .Where(b => b.SessionId == sessionId && b.Status == BookingStatus.WaitListed)
            .OrderBy(b => b.CreatedAt).ThenBy(b => b.Id)
            .ToListAsync(cancellationToken);
        var promoted = new List<Guid>();
        foreach (var (seat, booking) in seats.Order().Zip(queue))
        {
            booking.Seat = seat;
            booking.Status = BookingStatus.Booked;
            booking.PromotedAt = now;
            promoted.Add(booking.StaffMemberId);
        }
        if (promoted.Count == 0)
        {
            return;
        }
        await QueueAsync(session, promoted, "REQUEST", "wait-list-promoted", "A place is free: you are booked",
            "A place came free at this in-service and it is now yours: you were first on the wait list. The invitation is attached for your calendar. If you cannot come, cancel your booking in Beacon so the next person gets the place.",
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Cancels one occurrence of a series (tracked <paramref name="session"/> and <paramref name="series"/>): the
    /// practice feed gets an EXDATE for it, its SEQUENCE and the series' go up, everyone booked, wait-listed or
    /// invited gets a METHOD:CANCEL email, and the cancellation is audited. Bookings stay as history. Saves, and
    /// returns how many people were emailed. Both the series page and the live-session page cancel through here.
    /// </summary>
    public async Task<int> CancelOccurrenceAsync(LiveSession session, LiveSeries series, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        session.CancelledAt = now;
        session.Sequence++;
        series.Sequence++;
        series.UpdatedAt = now;
        var audience = await AudienceAsync(session.Id, cancellationToken);
        var told = await QueueAsync(session, audience, "CANCEL", "session-cancelled", "Cancelled",
            "This in-service is cancelled." + (reason.Length > 0 ? $" Reason: {reason}" : "") + " The attached update removes it from your calendar.", cancellationToken);
        audit.Record(session.PracticeId, "series.occurrence-cancelled", "session", session.Id.ToString(), new { series.Title, reason = reason.Length == 0 ? null : reason, told });
        await db.SaveChangesAsync(cancellationToken);
        return told;
    }

    /// <summary>Everyone who hears about an occurrence's changes: booked, wait-listed and invited staff.</summary>
    public async Task<List<Guid>> AudienceAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var booked = await db.SessionBookings.AsNoTracking().Where(b => b.SessionId == sessionId).Select(b => b.StaffMemberId).ToListAsync(cancellationToken);
        var invited = await db.SessionInvitations.AsNoTracking().Where(i => i.SessionId == sessionId).Select(i => i.StaffMemberId).ToListAsync(cancellationToken);
        return booked.Concat(invited).Distinct().ToList();
    }

    /// <summary>
    /// Adds one email per person with the occurrence as an iCalendar object (same UID every time, the
    /// occurrence's current SEQUENCE). Staff without an email address on the roster are skipped.
    /// </summary>
    public async Task<int> QueueAsync(LiveSession session, IReadOnlyCollection<Guid> staffIds, string method, string kind, string headline, string message, CancellationToken cancellationToken)
    {
        if (staffIds.Count == 0)
        {
            return 0;
        }
        var clock = await PracticeClock.ForPracticeAsync(db, session.PracticeId, cancellationToken);
        var zone = await db.Practices.Where(p => p.Id == session.PracticeId).Select(p => p.TimeZoneId).FirstAsync(cancellationToken);
        if (session.SeriesId is { } seriesId)
        {
            zone = await db.LiveSeries.Where(s => s.Id == seriesId).Select(s => s.TimeZoneId).FirstAsync(cancellationToken);
        }
        var organizer = await db.Users.Where(u => u.Id == session.InstructorUserId).Select(u => new { u.DisplayName, u.Email }).FirstOrDefaultAsync(cancellationToken);
        var organizerName = organizer?.DisplayName ?? "Beacon";
        var organizerAddress = organizer?.Email ?? "beacon@localhost";
        var people = await db.StaffMembers.AsNoTracking()
            .Where(s => staffIds.Contains(s.Id) && s.Email != "")
            .Select(s => new { s.FirstName, s.LastName, s.Email })
            .ToListAsync(cancellationToken);
        foreach (var person in people)
        {
            var name = $"{person.FirstName} {person.LastName}";
            var ics = SeriesCalendar.Invitation(session, zone, Host, method, organizerName, organizerAddress, name, person.Email);
            var content = EmailTemplate.Build(
                $"{headline}: {session.Title}, {clock.Format(session.StartsAt)}",
                name,
                [message, $"{session.Title}: {clock.Format(session.StartsAt)} to {clock.ToLocal(session.EndsAt):h:mm tt}, {session.Location}."],
                "See your in-service bookings",
                $"{BaseUrl}/bookings",
                "You receive this because you booked, are on the wait list for, or were invited to this in-service.");
            outbox.Add(session.PracticeId, person.Email, name, kind, content, ics, method);
        }
        return people.Count;
    }
}
