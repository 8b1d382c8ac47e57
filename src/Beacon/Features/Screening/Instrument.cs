namespace Beacon.Features.Screening;

/// <summary>How an instrument turns answers into a score (content/instruments/README.md, `scoring.rule`).</summary>
public enum ScoringRule
{
    /// <summary>Score = items that count; positive at 1 or more.</summary>
    AnyYes,

    /// <summary>Score = items that count; positive at k or more.</summary>
    CountAtLeast,

    /// <summary>Score = the sum of the chosen answers' points; the bands say what each range means.</summary>
    WeightedSum,
}

public sealed record InstrumentAnswer(string Id, string Label, decimal Points);

public sealed record InstrumentItem(string Id, string Text, string? Help, IReadOnlyList<InstrumentAnswer> Answers);

public sealed record NextStep(string Text, string ProtocolSection);

/// <summary>A result band: <see cref="From"/> and <see cref="To"/> are both inclusive (README `bands`).</summary>
public sealed record ResultBand(string Id, int From, int To, string Label, string Meaning, string DoesNotMean, NextStep NextStep, IReadOnlyList<string> Sources)
{
    public bool Contains(decimal score) => score >= From && score <= To;
}

public sealed record InstrumentScoring(ScoringRule Rule, int? K, int Max, string RuleConfidence, IReadOnlyList<string> Sources);

public sealed record InstrumentStudy(
    string Id, string Role, string Setting, string Population, int? N, decimal? PrevalencePercent, decimal? Sensitivity, decimal? Specificity,
    decimal? Ppv, decimal? Npv, decimal? LrPositive, string? Note, string Confidence, IReadOnlyList<string> Sources);

public sealed record InstrumentValidation(string Summary, IReadOnlyList<InstrumentStudy> Studies, IReadOnlyList<string> Unconfirmed);

public sealed record CitedText(string Id, string Text, string? Confidence, IReadOnlyList<string> Sources);

public sealed record InstrumentCitation(string Text, IReadOnlyList<string> Sources);

public sealed record InstrumentLicence(string Status, string? Holder, string Note, IReadOnlyList<string> Sources);

/// <summary>
/// One screening instrument or conversation guide, as checked by <see cref="InstrumentLoader"/>. A metadata
/// card (<see cref="ItemsIncluded"/> false) has no items and cannot be run until a provider imports them.
/// </summary>
public sealed record InstrumentDefinition(
    string Id,
    string Version,
    string Name,
    string? ShortName,
    string Kind,
    bool Example,
    string Bibliography,
    bool Validated,
    string? ValidationLabel,
    string Population,
    int? AgeMin,
    int? AgeMax,
    IReadOnlyList<string> Settings,
    bool ItemsIncluded,
    int ItemCount,
    IReadOnlyList<InstrumentItem> Items,
    InstrumentScoring Scoring,
    IReadOnlyList<ResultBand> Bands,
    InstrumentValidation Validation,
    InstrumentCitation Citation,
    InstrumentLicence Licence,
    IReadOnlyList<CitedText> Notes,
    IReadOnlyList<CitedText> Before)
{
    public bool Runnable => ItemsIncluded && Items.Count > 0;

    public string DisplayName => ShortName ?? Name;

    public string AgeRangeText => (AgeMin, AgeMax) switch
    {
        (null, null) => "Any age",
        ({ } min, null) => $"{min} and over",
        (null, { } max) => $"Up to {max}",
        ({ } min, { } max) => $"{min} to {max}",
    };

    public string RuleText => Scoring.Rule switch
    {
        ScoringRule.AnyYes => $"Any yes: positive when at least 1 of {ItemCount} questions is answered yes",
        ScoringRule.CountAtLeast => $"Count: positive when at least {Scoring.K} of {ItemCount} questions are answered yes",
        _ => $"Weighted sum of the answers' points (0 to {Scoring.Max}), read in bands",
    };

    public static string RuleName(ScoringRule rule) => rule switch
    {
        ScoringRule.AnyYes => "any-yes",
        ScoringRule.CountAtLeast => "count-at-least",
        _ => "weighted-sum",
    };
}

/// <summary>View model of the partial that shows an instrument's published facts.</summary>
public sealed record InstrumentFactsView(InstrumentDefinition Instrument, InstrumentReferences References);

/// <summary>View model of the partial that lists the sources of a statement.</summary>
public sealed record SourcesView(IReadOnlyList<string> Keys, InstrumentReferences References);
