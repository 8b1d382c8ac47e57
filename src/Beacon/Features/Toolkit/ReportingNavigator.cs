using Beacon.Features.Requirements;

namespace Beacon.Features.Toolkit;

/// <summary>What staff tell the navigator: no patient identifiers, only an age, a state and the situation.</summary>
public sealed record ReportingQuestion(int Age, string? State, IReadOnlySet<string> Situations);

/// <summary>One duty, permission or note that applies, with where it comes from.</summary>
public sealed record ReportingAnswerItem(string RuleId, ReportingKind Kind, string Title, string Text, Citation? Citation, Confidence Confidence, string? Unconfirmed, IReadOnlyList<string> Sources)
{
    public bool Confirmed => Confidence == Confidence.High && Unconfirmed is null;
}

public sealed record ReportingAnswer(bool Minor, string? State, IReadOnlyList<ReportingAnswerItem> Items)
{
    public IEnumerable<ReportingAnswerItem> Of(ReportingKind kind) => Items.Where(i => i.Kind == kind);
}

/// <summary>
/// The reporting navigator's rules, applied: pure, so every age band, situation and state can be tested
/// without a page. The rules are data (content/toolkit/reporting.yaml, state duties from the jurisdiction
/// catalogue); this only decides which apply.
/// </summary>
public static class ReportingNavigator
{
    /// <summary>The federal child-welfare law lets states treat people up to this age as children for trafficking reports.</summary>
    public const int YoungAdultUntil = 24;

    public static ReportingAnswer Evaluate(ReportingGuide guide, ReportingQuestion question)
    {
        var minor = question.Age < guide.AdultAge;
        var items = new List<ReportingAnswerItem>();
        foreach (var rule in guide.Rules)
        {
            if (!Applies(rule.When, question, minor, guide.AdultAge))
            {
                continue;
            }
            items.Add(new ReportingAnswerItem(rule.Id, rule.Kind, rule.Title, rule.Text, rule.Citation, rule.Confidence, rule.Unconfirmed, rule.Sources));
        }
        return new ReportingAnswer(minor, question.State, items);
    }

    private static bool Applies(ReportingWhen when, ReportingQuestion question, bool minor, int adultAge)
    {
        var ageFits = when.Age switch
        {
            null => true,
            "minor" => minor,
            "adult" => !minor,
            "young-adult" => question.Age >= adultAge && question.Age <= YoungAdultUntil,
            _ => false,
        };
        if (!ageFits)
        {
            return false;
        }
        // "Other" state (null) matches only rules that do not name states; notStates lists are met by it.
        if (when.States.Count > 0 && (question.State is null || !when.States.Contains(question.State, StringComparer.Ordinal)))
        {
            return false;
        }
        if (question.State is not null && when.NotStates.Contains(question.State, StringComparer.Ordinal))
        {
            return false;
        }
        return when.Situations.Count == 0 || when.Situations.Any(question.Situations.Contains);
    }
}
