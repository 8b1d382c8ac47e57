using Beacon.Data;
using Beacon.Features.Learning;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.LiveSessions;

public enum CheckInOutcome
{
    CheckedIn,
    AlreadyCheckedIn,
    NotFound,
    NotYetOpen,
    Closed,
    Cancelled,
    NotOnRoster,
}

/// <summary>A session a code points to, with its check-in window.</summary>
public sealed record SessionMatch(Guid Id, string Title, DateTime StartsAt, DateTime EndsAt, string? Location, bool Cancelled)
{
    public DateTime OpensAt => StartsAt - CheckInCodes.Margin;

    public DateTime ClosesAt => EndsAt + CheckInCodes.Margin;

    public bool IsOpenAt(DateTime now) => !Cancelled && now >= OpensAt && now <= ClosesAt;
}

public sealed record CheckInResult(CheckInOutcome Outcome, SessionMatch? Session = null);

/// <summary>
/// Attendance at live sessions: learners check themselves in with the session's code (typed, or through
/// the QR link) during the check-in window; instructors mark people present by hand. One row per person
/// per session (a unique index), however often either happens.
/// </summary>
public sealed class CheckIns(BeaconDbContext db, TenantContext tenant, Learners learners, TimeProvider time)
{
    /// <summary>
    /// The practice's session a code points to. Codes are unique only among sessions not yet over, so an
    /// old session may share one: the one open now wins, then the next to open, then the latest.
    /// </summary>
    public async Task<SessionMatch?> FindAsync(string? typed, CancellationToken cancellationToken)
    {
        if (CheckInCodes.Normalise(typed) is not { } code)
        {
            return null;
        }
        var now = time.GetUtcNow().UtcDateTime;
        // The tenant filter keeps this to the learner's practice: another practice's code is simply unknown.
        var sessions = await db.LiveSessions.AsNoTracking()
            .Where(s => s.CheckInCode == code)
            .Select(s => new SessionMatch(s.Id, s.Title, s.StartsAt, s.EndsAt, s.Location, s.CancelledAt != null))
            .ToListAsync(cancellationToken);
        return sessions.FirstOrDefault(s => s.IsOpenAt(now))
            ?? sessions.Where(s => !s.Cancelled && s.OpensAt > now).OrderBy(s => s.OpensAt).FirstOrDefault()
            ?? sessions.OrderByDescending(s => s.StartsAt).FirstOrDefault();
    }

    /// <summary>Why a session cannot be checked in to right now, or null when it can.</summary>
    public static CheckInOutcome? Refusal(SessionMatch session, DateTime now) =>
        session.Cancelled ? CheckInOutcome.Cancelled
        : now < session.OpensAt ? CheckInOutcome.NotYetOpen
        : now > session.ClosesAt ? CheckInOutcome.Closed
        : null;

    /// <summary>Checks the signed-in learner in to the session the code points to.</summary>
    public async Task<CheckInResult> CheckInAsync(string? typed, AttendanceMethod method, CancellationToken cancellationToken)
    {
        var learner = await learners.CurrentAsync(cancellationToken);
        if (learner is null)
        {
            return new CheckInResult(CheckInOutcome.NotOnRoster);
        }
        var session = await FindAsync(typed, cancellationToken);
        if (session is null)
        {
            return new CheckInResult(CheckInOutcome.NotFound);
        }
        if (Refusal(session, time.GetUtcNow().UtcDateTime) is { } refusal)
        {
            return new CheckInResult(refusal, session);
        }
        var added = await MarkPresentAsync(session.Id, learner.StaffMemberId, method, recordedBy: null, cancellationToken);
        return new CheckInResult(added ? CheckInOutcome.CheckedIn : CheckInOutcome.AlreadyCheckedIn, session);
    }

    /// <summary>
    /// Records attendance unless the person already has it. <paramref name="recordedBy"/> is the instructor
    /// who marked someone present; a learner's own check-in has none. Returns false when already present.
    /// </summary>
    public async Task<bool> MarkPresentAsync(Guid sessionId, Guid staffMemberId, AttendanceMethod method, Guid? recordedBy, CancellationToken cancellationToken)
    {
        if (await db.Attendances.AnyAsync(a => a.SessionId == sessionId && a.StaffMemberId == staffMemberId, cancellationToken))
        {
            return false;
        }
        db.Attendances.Add(new Attendance
        {
            PracticeId = tenant.PracticeId,
            SessionId = sessionId,
            StaffMemberId = staffMemberId,
            Method = method,
            CheckedInAt = time.GetUtcNow().UtcDateTime,
            RecordedByUserId = recordedBy,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // A double tap, or the instructor marking the same person at the same moment: the first row stands.
            db.ChangeTracker.Clear();
            if (await db.Attendances.AnyAsync(a => a.SessionId == sessionId && a.StaffMemberId == staffMemberId, cancellationToken))
            {
                return false;
            }
            throw;
        }
    }
}
