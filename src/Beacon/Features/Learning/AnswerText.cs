using System.Text.RegularExpressions;

namespace Beacon.Features.Learning;

/// <summary>How options are named to learners: by letter, in the order the learner saw them.</summary>
public static partial class AnswerText
{
    /// <summary>"A" for the first option shown, "B" for the second, …</summary>
    public static string Letter(int shown) => ((char)('A' + shown - 1)).ToString();

    /// <summary>
    /// Rationales name options by their place in the question bank ("(option 3)", "(options 1 and 4)"),
    /// but a test shows options shuffled. Rewrites each reference to the letter the learner saw.
    /// <paramref name="order"/> lists the bank's option numbers in shown order.
    /// </summary>
    public static string Rationale(string rationale, IReadOnlyList<int> order) =>
        OptionReference().Replace(rationale, reference =>
        {
            var numbers = Number().Replace(reference.Groups[2].Value, n =>
            {
                var shown = int.TryParse(n.Value, System.Globalization.CultureInfo.InvariantCulture, out var original) ? IndexOf(order, original) + 1 : 0;
                return shown > 0 ? Letter(shown) : n.Value;
            });
            return $"({reference.Groups[1].Value} {numbers})";
        });

    /// <summary>The bank's order, for knowledge checks (shown as written).</summary>
    public static IReadOnlyList<int> AsWritten(int optionCount) => [.. Enumerable.Range(1, optionCount)];

    private static int IndexOf(IReadOnlyList<int> order, int original)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == original)
            {
                return i;
            }
        }
        return -1;
    }

    [GeneratedRegex(@"\((options?) ((?:\d+|,|\s|and)+)\)")]
    private static partial Regex OptionReference();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();
}
