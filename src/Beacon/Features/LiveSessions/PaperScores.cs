namespace Beacon.Features.LiveSessions;

/// <summary>Pass or fail for a paper test, by the same rule the online test is scored with (whole percent, rounded down).</summary>
public static class PaperScores
{
    public static bool Passed(int correct, int questions, int passMark) =>
        questions > 0 && correct * 100 / questions >= passMark;

    /// <summary>The fewest correct answers that pass: what the instructor is told to look for.</summary>
    public static int PassScore(int questions, int passMark) =>
        (questions * passMark + 99) / 100;
}
