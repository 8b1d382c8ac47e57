using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Beacon.Features.Courses;
using Beacon.Features.Learning;

namespace Beacon.Features.LiveSessions;

/// <summary>A question as printed: its number, stem, options lettered A–D in the drawn order, and (for the key) the answer.</summary>
public sealed record PrintedQuestion(int Number, string QuestionId, string Stem, IReadOnlyList<PrintedOption> Options, char Answer, string Rationale);

public sealed record PrintedOption(char Letter, string Text);

/// <summary>
/// The paper post-test of a live session. There is one paper per session, drawn deterministically from the
/// session id, so every printed copy, the answer key and the attempts recorded from it agree.
/// </summary>
public static partial class SessionPaper
{
    // The same shape Assessments stores for online attempts: [{ "q": "AW-04", "order": [3,1,4,2] }, …].
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static List<PaperItem> Draw(CoursePackage course, CourseTrack track, Guid sessionId) =>
        Assessments.Draw(course, track, track.PostTest, sessionId);

    public static string ToJson(IReadOnlyList<PaperItem> paper) => JsonSerializer.Serialize(paper, Json);

    public static char Letter(int shownIndex) => (char)('A' + shownIndex);

    public static IReadOnlyList<PrintedQuestion> Print(CoursePackage course, IReadOnlyList<PaperItem> paper) =>
        [.. paper.Select((item, index) =>
        {
            var question = course.Question(item.Q)!;
            var options = item.Order.Select((original, shown) => new PrintedOption(Letter(shown), question.Options[original - 1])).ToList();
            var answer = Letter(Array.IndexOf(item.Order, question.Answer));
            return new PrintedQuestion(index + 1, question.Id, question.Stem, options, answer, ShortRationale(question.Rationale, item.Order));
        })];

    /// <summary>
    /// The first sentence of the rationale, with "(option 3)" turned into the letter that option has on
    /// this paper: the bank numbers options in its own order, the printed test letters them as drawn.
    /// </summary>
    public static string ShortRationale(string rationale, int[] order)
    {
        var first = SentenceEnd().Split(rationale.Trim(), 2)[0];
        return OptionReference().Replace(first, m =>
        {
            var letters = Digit().Matches(m.Groups[1].Value)
                .Select(d => int.Parse(d.Value, CultureInfo.InvariantCulture))
                .Select(n => Array.IndexOf(order, n) is var shown and >= 0 ? Letter(shown).ToString() : "?")
                .ToList();
            var list = letters.Count == 1 ? letters[0] : string.Join(", ", letters[..^1]) + " and " + letters[^1];
            return $"({(letters.Count == 1 ? "answer" : "answers")} {list})";
        });
    }

    // A sentence ends at ". " after a lower-case letter or a closing bracket, so "U.S.C." does not split.
    [GeneratedRegex(@"(?<=[a-z\)]\.)\s+(?=[A-Z])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\(options? ([0-9][0-9, and]*)\)")]
    private static partial Regex OptionReference();

    [GeneratedRegex("[0-9]")]
    private static partial Regex Digit();
}
