using Beacon.Features.Requirements;

namespace Beacon.Features.Toolkit;

/// <summary>A source a toolkit fact cites: from the course bibliography or content/toolkit/sources.yaml.</summary>
public sealed record ToolkitSource(string Key, string Title, string Url, string Confidence);

/// <summary>A short statement with the citation keys of the sources it comes from.</summary>
public sealed record CitedText(string Id, string Text, IReadOnlyList<string> Sources);

public sealed record RedFlagNote(string Id, string Text, string? ProtocolSection, IReadOnlyList<string> Sources);

public sealed record RedFlagGroup(string Id, string Title, IReadOnlyList<string> Audience, IReadOnlyList<CitedText> Items, IReadOnlyList<RedFlagNote> Notes)
{
    public bool For(string track) => Audience.Contains(track, StringComparer.Ordinal);
}

/// <summary>content/toolkit/red-flags.yaml: the phone-sized list of warning signs.</summary>
public sealed record RedFlagList(
    string Version, string Title, string CourseId, string Module, IReadOnlyList<CitedText> Caveats,
    string NextText, string NextSection, IReadOnlyList<RedFlagGroup> Groups);

public sealed record IcdCategory(string Id, string Label, string Meaning, IReadOnlyList<string> Sources);

public sealed record IcdFamily(string Family, string Category, string Description);

public sealed record IcdSeventhCharacter(string Character, string Encounter, string Label, IReadOnlyList<string> Sources);

public sealed record IcdCode(
    string Code, string? Family, string Category, string Population, string Exploitation, string? Encounter,
    string Description, IReadOnlyList<string> Sources);

public sealed record IcdNote(string Id, string Text, string Confidence, IReadOnlyList<string> AppliesTo, IReadOnlyList<string> Sources)
{
    /// <summary>A note without appliesTo is shown with every code.</summary>
    public bool AppliesToCode(IcdCode code) =>
        AppliesTo.Count == 0 || AppliesTo.Contains(code.Code, StringComparer.Ordinal) || (code.Family is { } f && AppliesTo.Contains(f, StringComparer.Ordinal));
}

public sealed record IcdCurrency(string CodeSetAddedIn, DateOnly EffectiveFrom, DateOnly? LastVerified, string ReviewEvery);

/// <summary>content/toolkit/icd10.yaml: the ICD-10-CM codes for human trafficking.</summary>
public sealed record IcdCodeSet(
    string Version, string Title, IReadOnlyList<CitedText> About, IcdCurrency Currency,
    IReadOnlyList<IcdSeventhCharacter> SeventhCharacters, IReadOnlyList<IcdFamily> Families,
    IReadOnlyList<IcdCategory> Categories, IReadOnlyList<IcdCode> Codes, IReadOnlyList<IcdNote> Notes)
{
    public IEnumerable<IcdNote> NotesFor(IcdCode code) => Notes.Where(n => n.AppliesToCode(code));
}

/// <summary>content/toolkit/protocol.md: Beacon's default response protocol (Markdown body without front matter).</summary>
public sealed record DefaultProtocol(
    string Id, string Version, string Title, string Markdown, IReadOnlyList<string> Branches, string Summary, IReadOnlyList<string> Sources);

public enum ReportingKind
{
    Duty = 0,
    Permission = 1,
    Note = 2,
}

/// <summary>When a reporting rule applies: all given conditions must hold (absent = any).</summary>
public sealed record ReportingWhen(string? Age, IReadOnlyList<string> States, IReadOnlyList<string> NotStates, IReadOnlyList<string> Situations);

/// <summary>
/// One rule of the reporting navigator: a duty, permission or note, either written here with its citation,
/// or taken from a reporting duty of the jurisdiction catalogue (<see cref="Duty"/>).
/// </summary>
public sealed record ReportingRule(
    string Id, ReportingKind Kind, string Title, string Text, Citation? Citation, string? Duty,
    Confidence Confidence, string? Unconfirmed, IReadOnlyList<string> Sources, ReportingWhen When, int Line);

public sealed record ReportingSituation(string Id, string Label, string Hint);

/// <summary>content/toolkit/reporting.yaml: the reporting navigator's rules.</summary>
public sealed record ReportingGuide(string Version, string Title, int AdultAge, IReadOnlyList<ReportingSituation> Situations, IReadOnlyList<ReportingRule> Rules);

/// <summary>Everything the toolkit pages show from content/, checked.</summary>
public sealed record ToolkitContent(
    RedFlagList RedFlags, DefaultProtocol Protocol, IcdCodeSet Codes, ReportingGuide Reporting,
    IReadOnlyDictionary<string, ToolkitSource> Sources)
{
    public ToolkitSource? Source(string key) => Sources.GetValueOrDefault(key);
}
