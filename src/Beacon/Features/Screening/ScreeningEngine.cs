namespace Beacon.Features.Screening;

/// <summary>Why an answer set could not be scored: an item or answer the instrument does not have.</summary>
public sealed record AnswerProblem(string ItemId, string Reason);

/// <summary>
/// A scored answer set: the score, the band it falls in, which items were left unanswered, and the
/// problems that stopped scoring (then <see cref="Band"/> is null).
/// </summary>
public sealed record ScreeningResult(decimal Score, ResultBand? Band, int Counted, IReadOnlyList<string> Unanswered, IReadOnlyList<AnswerProblem> Problems)
{
    public bool Scored => Band is not null && Problems.Count == 0;
}

/// <summary>
/// The scoring engine (pure): answers in, band out. Nothing is stored or logged here or by its callers;
/// the answers live only for the request that carries them (issue 6, privacy).
/// </summary>
public static class ScreeningEngine
{
    /// <param name="answers">Chosen answer id by item id; an item that is absent (or blank) is unanswered.</param>
    public static ScreeningResult Score(InstrumentDefinition instrument, IReadOnlyDictionary<string, string?> answers)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(answers);
        if (!instrument.Runnable)
        {
            return new ScreeningResult(0, null, 0, [], [new AnswerProblem("", "this instrument has no items to answer")]);
        }
        var problems = new List<AnswerProblem>();
        foreach (var itemId in answers.Keys.Where(k => instrument.Items.All(i => i.Id != k)))
        {
            problems.Add(new AnswerProblem(itemId, "not a question of this instrument"));
        }
        decimal sum = 0;
        var counted = 0;
        var unanswered = new List<string>();
        foreach (var item in instrument.Items)
        {
            if (!answers.TryGetValue(item.Id, out var chosen) || string.IsNullOrEmpty(chosen))
            {
                unanswered.Add(item.Id);
                continue;
            }
            var answer = item.Answers.FirstOrDefault(a => a.Id == chosen);
            if (answer is null)
            {
                problems.Add(new AnswerProblem(item.Id, "not one of the question's answers"));
                continue;
            }
            sum += answer.Points;
            if (answer.Points > 0)
            {
                counted++;
            }
        }
        if (problems.Count > 0)
        {
            return new ScreeningResult(0, null, 0, unanswered, problems);
        }
        var score = instrument.Scoring.Rule == ScoringRule.WeightedSum ? sum : counted;
        var band = instrument.Bands.FirstOrDefault(b => b.Contains(score))
            ?? throw new InvalidOperationException($"Instrument {instrument.Id} has no band for score {score}; the loader should have refused it.");
        return new ScreeningResult(score, band, counted, unanswered, []);
    }
}
