using Beacon.Features.Practices;

namespace Beacon.Features.LiveSessions;

/// <summary>What a learner is told when a code does not check them in, in plain words with the times that matter.</summary>
public static class CheckInMessages
{
    public static string For(CheckInResult result, PracticeClock clock) => (result.Outcome, result.Session) switch
    {
        (CheckInOutcome.NotYetOpen, { } s) => $"Check-in for {s.Title} opens at {clock.Format(s.OpensAt)}, 15 minutes before it starts. Try again then.",
        (CheckInOutcome.Closed, { } s) => $"Check-in for {s.Title} closed at {clock.Format(s.ClosesAt)}, 15 minutes after it ended. If you were there, ask the instructor to mark you present.",
        (CheckInOutcome.Cancelled, { } s) => $"{s.Title} was cancelled, so there is nothing to check in to.",
        (CheckInOutcome.NotOnRoster, _) => "Your Beacon account is not linked to your record on the practice's staff list, so Beacon cannot record your attendance. Ask your practice administrator to link it, or ask the instructor to mark you present.",
        _ => "There is no session with that code at your practice. Check the code on the screen (six letters and numbers) and try again.",
    };
}
