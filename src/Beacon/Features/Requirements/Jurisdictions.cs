using System.Globalization;
using Beacon.Features.Courses;
using Beacon.Features.Roster;
using Microsoft.Extensions.Options;
using YamlDotNet.RepresentationModel;

namespace Beacon.Features.Requirements;

/// <summary>Where a fact comes from: the citation as written, and an address to read it.</summary>
public sealed record Citation(string Text, string Url);

/// <summary>How confident the research is in a fact.</summary>
public enum Confidence
{
    High = 0,
    Medium = 1,
    Low = 2,
}

/// <summary>One way of reading a disputed mandate, with its own frequency and source.</summary>
public sealed record MandateReading(string Id, string Title, Frequency Frequency, int Months, Citation Citation, string? Note);

/// <summary>
/// A state's training mandate for health professionals. A disputed one has several readings, and the
/// administrator chooses which to follow; an undisputed one has its frequency directly.
/// </summary>
public sealed record Mandate(
    string Id, string State, string Title, string Summary, IReadOnlyList<string> LicenceTypes, decimal? Hours,
    Frequency? Frequency, int Months, string Since, Citation Citation, DateOnly LastReviewed, Confidence Confidence,
    string? Note, IReadOnlyList<MandateReading> Readings)
{
    public bool Disputed => Readings.Count > 0;

    public MandateReading? Reading(string? id) => Readings.FirstOrDefault(r => r.Id == id);
}

/// <summary>A reporting duty or a poster requirement, in plain words, with its citation.</summary>
public sealed record LegalNote(string Id, string Title, string Text, Citation Citation, DateOnly LastReviewed, Confidence Confidence);

/// <summary>An item the research could not confirm: shown as a lead, never offered as a requirement.</summary>
public sealed record JurisdictionLead(string Text, Citation Citation);

public sealed record Jurisdiction(
    string State, string Name, IReadOnlyList<Mandate> Mandates, IReadOnlyList<LegalNote> Duties,
    IReadOnlyList<LegalNote> Posters, IReadOnlyList<JurisdictionLead> Leads);

public sealed record JurisdictionLoadResult(IReadOnlyList<Jurisdiction> States, IReadOnlyList<ContentProblem> Problems);

/// <summary>
/// Reads content/jurisdictions/&lt;state&gt;.yaml: each state's training mandates, reporting duties and posters.
/// Laws change and secondary sources misstate them, so these are data with a citation, a confidence and a
/// "last reviewed" date, never constants in code. Every problem is reported with its file and line.
/// </summary>
public static class JurisdictionLoader
{
    public const string Folder = "jurisdictions";

    private static readonly string[] FileKeys = ["state", "name", "mandates", "duties", "posters", "leads"];
    private static readonly string[] MandateKeys = ["id", "title", "summary", "licenceTypes", "hours", "frequency", "months", "since", "citation", "lastReviewed", "confidence", "note", "readings"];
    private static readonly string[] ReadingKeys = ["id", "title", "frequency", "months", "citation", "note"];
    private static readonly string[] NoteKeys = ["id", "title", "text", "citation", "lastReviewed", "confidence"];
    private static readonly string[] LeadKeys = ["text", "citation"];
    private static readonly string[] CitationKeys = ["text", "url"];

    private static readonly Dictionary<string, Frequency> Frequencies = new(StringComparer.Ordinal)
    {
        ["once"] = Frequency.Once,
        ["everyMonths"] = Frequency.EveryMonths,
        ["licenceRenewal"] = Frequency.LicenceRenewal,
    };

    private static readonly Dictionary<string, Confidence> Confidences = new(StringComparer.Ordinal)
    {
        ["high"] = Confidence.High,
        ["medium"] = Confidence.Medium,
        ["low"] = Confidence.Low,
    };

    public static JurisdictionLoadResult Load(string directory)
    {
        var problems = new List<ContentProblem>();
        var states = new List<Jurisdiction>();
        if (!Directory.Exists(directory))
        {
            problems.Add(new ContentProblem(directory, 0, "the jurisdictions folder does not exist"));
            return new JurisdictionLoadResult(states, problems);
        }
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (!name.EndsWith(".yaml", StringComparison.Ordinal))
            {
                problems.Add(new ContentProblem(name, 0, "only <state>.yaml files belong here (for example TX.yaml)"));
                continue;
            }
            if (Read(name, File.ReadAllText(path), ids, problems) is { } state)
            {
                states.Add(state);
            }
        }
        return new JurisdictionLoadResult(states, problems);
    }

    /// <summary>Reads one state's file; problems go to the shared list (ids are unique across files).</summary>
    public static Jurisdiction? Read(string file, string text, Dictionary<string, string> ids, List<ContentProblem> problems)
    {
        var yaml = new YamlNodes(file, problems);
        if (yaml.Mapping(yaml.Parse(text), file) is not { } map)
        {
            return null;
        }
        Unknown(file, map, FileKeys, "the file", problems);
        var state = yaml.Text(map, "state");
        var expected = Path.GetFileNameWithoutExtension(file);
        if (state.Length > 0)
        {
            var line = YamlNodes.Line(YamlNodes.Field(map, "state")!);
            if (!UsStates.All.Any(s => s.Code == state))
            {
                problems.Add(new ContentProblem(file, line, $"'{state}' is not a US state code; use the two capital letters, such as TX"));
            }
            else if (state != expected)
            {
                problems.Add(new ContentProblem(file, line, $"state '{state}' does not match the file name: name the file {state}.yaml"));
            }
        }
        var name = yaml.Text(map, "name");
        var mandates = List(yaml, map, "mandates", required: true).Select(m => ReadMandate(yaml, file, state, m, ids, problems)).OfType<Mandate>().ToList();
        var duties = List(yaml, map, "duties", required: true).Select(n => ReadNote(yaml, file, n, "duty", ids, problems)).OfType<LegalNote>().ToList();
        var posters = List(yaml, map, "posters", required: true).Select(n => ReadNote(yaml, file, n, "poster", ids, problems)).OfType<LegalNote>().ToList();
        var leads = new List<JurisdictionLead>();
        foreach (var item in List(yaml, map, "leads", required: false))
        {
            if (yaml.Mapping(item, "each lead") is not { } lead)
            {
                continue;
            }
            Unknown(file, lead, LeadKeys, "a lead", problems);
            var citation = ReadCitation(yaml, file, lead, problems);
            leads.Add(new JurisdictionLead(yaml.Text(lead, "text"), citation));
        }
        return new Jurisdiction(state, name, mandates, duties, posters, leads);
    }

    private static IReadOnlyList<YamlNode> List(YamlNodes yaml, YamlMappingNode map, string field, bool required)
    {
        var node = YamlNodes.Field(map, field);
        if (node is null && !required)
        {
            return [];
        }
        return yaml.Sequence(node, $"field '{field}'") is { } list ? [.. list.Children] : [];
    }

    private static Mandate? ReadMandate(YamlNodes yaml, string file, string state, YamlNode node, Dictionary<string, string> ids, List<ContentProblem> problems)
    {
        if (yaml.Mapping(node, "each mandate") is not { } map)
        {
            return null;
        }
        Unknown(file, map, MandateKeys, "a mandate", problems);
        var id = Id(yaml, file, map, ids, problems);
        var types = yaml.Texts(map, "licenceTypes");
        if (types.Count == 0 && YamlNodes.Field(map, "licenceTypes") is { } empty && empty is YamlSequenceNode)
        {
            problems.Add(new ContentProblem(file, YamlNodes.Line(empty), $"mandate '{id}': list at least one licence type"));
        }
        foreach (var type in types)
        {
            if (!LicenceTypes.All.Any(l => l.Code == type))
            {
                problems.Add(new ContentProblem(file, YamlNodes.Line(YamlNodes.Field(map, "licenceTypes")!), $"mandate '{id}': unknown licence type '{type}'; use one of {string.Join(", ", LicenceTypes.All.Select(l => l.Code))}"));
            }
        }
        decimal? hours = YamlNodes.Field(map, "hours") is null ? null : yaml.Number(map, "hours", 0.5m, 100m);

        var readings = new List<MandateReading>();
        Frequency? frequency = null;
        var months = 0;
        if (YamlNodes.Field(map, "readings") is { } readingsNode)
        {
            if (YamlNodes.Field(map, "frequency") is { } both)
            {
                problems.Add(new ContentProblem(file, YamlNodes.Line(both), $"mandate '{id}': a disputed mandate gives its frequency in each reading, not here"));
            }
            foreach (var item in yaml.Sequence(readingsNode, "field 'readings'")?.Children ?? [])
            {
                if (yaml.Mapping(item, "each reading") is not { } r)
                {
                    continue;
                }
                Unknown(file, r, ReadingKeys, "a reading", problems);
                var readingId = yaml.Text(r, "id");
                if (readingId.Length > 0 && readings.Any(x => x.Id == readingId))
                {
                    problems.Add(new ContentProblem(file, YamlNodes.Line(r), $"mandate '{id}': duplicate reading id '{readingId}'"));
                }
                var (readingFrequency, readingMonths) = ReadFrequency(yaml, file, r, id, problems);
                readings.Add(new MandateReading(readingId, yaml.Text(r, "title"), readingFrequency ?? Frequency.Once, readingMonths,
                    ReadCitation(yaml, file, r, problems), Optional(yaml, r, "note")));
            }
            if (readings.Count < 2)
            {
                problems.Add(new ContentProblem(file, YamlNodes.Line(readingsNode), $"mandate '{id}': a disputed mandate needs at least two readings"));
            }
        }
        else
        {
            (frequency, months) = ReadFrequency(yaml, file, map, id, problems);
        }

        return new Mandate(id, state, yaml.Text(map, "title"), yaml.Text(map, "summary"), types, hours, frequency, months,
            yaml.Text(map, "since"), ReadCitation(yaml, file, map, problems), ReadDate(yaml, file, map, problems),
            ReadConfidence(yaml, file, map, problems), Optional(yaml, map, "note"), readings);
    }

    private static (Frequency?, int) ReadFrequency(YamlNodes yaml, string file, YamlMappingNode map, string id, List<ContentProblem> problems)
    {
        var text = yaml.Text(map, "frequency");
        if (text.Length == 0)
        {
            return (null, 0);
        }
        if (!Frequencies.TryGetValue(text, out var frequency))
        {
            problems.Add(new ContentProblem(file, YamlNodes.Line(YamlNodes.Field(map, "frequency")!), $"mandate '{id}': frequency '{text}' must be one of {string.Join(", ", Frequencies.Keys)}"));
            return (null, 0);
        }
        var monthsNode = YamlNodes.Field(map, "months");
        if (frequency == Frequency.Once)
        {
            if (monthsNode is not null)
            {
                problems.Add(new ContentProblem(file, YamlNodes.Line(monthsNode), $"mandate '{id}': 'months' has no meaning for a one-time mandate"));
            }
            return (frequency, 12);
        }
        return (frequency, yaml.Integer(map, "months", 1, 120));
    }

    private static LegalNote? ReadNote(YamlNodes yaml, string file, YamlNode node, string what, Dictionary<string, string> ids, List<ContentProblem> problems)
    {
        if (yaml.Mapping(node, $"each {what}") is not { } map)
        {
            return null;
        }
        Unknown(file, map, NoteKeys, $"a {what}", problems);
        var id = Id(yaml, file, map, ids, problems);
        return new LegalNote(id, yaml.Text(map, "title"), yaml.Text(map, "text"), ReadCitation(yaml, file, map, problems),
            ReadDate(yaml, file, map, problems), ReadConfidence(yaml, file, map, problems));
    }

    private static string Id(YamlNodes yaml, string file, YamlMappingNode map, Dictionary<string, string> ids, List<ContentProblem> problems)
    {
        var id = yaml.Text(map, "id");
        if (id.Length == 0)
        {
            return id;
        }
        var line = YamlNodes.Line(YamlNodes.Field(map, "id")!);
        if (id.Length > 100 || !id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            problems.Add(new ContentProblem(file, line, $"id '{id}' must be lower-case letters, digits and hyphens (at most 100)"));
        }
        else if (!ids.TryAdd(id, file))
        {
            problems.Add(new ContentProblem(file, line, $"duplicate id '{id}' (also in {ids[id]})"));
        }
        return id;
    }

    private static Citation ReadCitation(YamlNodes yaml, string file, YamlMappingNode map, List<ContentProblem> problems)
    {
        var node = YamlNodes.Field(map, "citation");
        if (node is null)
        {
            problems.Add(new ContentProblem(file, YamlNodes.Line(map), "missing citation: every fact needs 'citation' with text and url"));
            return new Citation("", "");
        }
        if (yaml.Mapping(node, "field 'citation'") is not { } citation)
        {
            return new Citation("", "");
        }
        Unknown(file, citation, CitationKeys, "a citation", problems);
        var text = yaml.Text(citation, "text");
        var url = yaml.Text(citation, "url");
        if (url.Length > 0 && (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https")))
        {
            problems.Add(new ContentProblem(file, YamlNodes.Line(YamlNodes.Field(citation, "url")!), $"citation url '{url}' must be an http or https address"));
        }
        return new Citation(text, url);
    }

    private static DateOnly ReadDate(YamlNodes yaml, string file, YamlMappingNode map, List<ContentProblem> problems)
    {
        var text = yaml.Text(map, "lastReviewed");
        if (text.Length == 0)
        {
            return DateOnly.MinValue;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            problems.Add(new ContentProblem(file, YamlNodes.Line(YamlNodes.Field(map, "lastReviewed")!), $"lastReviewed '{text}' must be a date written 2026-01-31"));
        }
        return date;
    }

    private static Confidence ReadConfidence(YamlNodes yaml, string file, YamlMappingNode map, List<ContentProblem> problems)
    {
        var text = yaml.Text(map, "confidence");
        if (text.Length > 0 && !Confidences.ContainsKey(text))
        {
            problems.Add(new ContentProblem(file, YamlNodes.Line(YamlNodes.Field(map, "confidence")!), $"confidence '{text}' must be high, medium or low"));
        }
        return Confidences.GetValueOrDefault(text, Confidence.Low);
    }

    private static string? Optional(YamlNodes yaml, YamlMappingNode map, string field) =>
        yaml.Text(map, field, required: false) is { Length: > 0 } value ? value : null;

    private static void Unknown(string file, YamlMappingNode map, string[] known, string what, List<ContentProblem> problems)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                problems.Add(new ContentProblem(file, YamlNodes.Line(key), $"unknown key '{name}' in {what}; known keys: {string.Join(", ", known)}"));
            }
        }
    }

    /// <summary>`content check`: the jurisdiction files, each problem as file:line: reason. 0 when there are none.</summary>
    public static int Check(string contentDirectory, TextWriter output)
    {
        var folder = Path.Combine(contentDirectory, Folder);
        if (!Directory.Exists(folder))
        {
            if (!string.Equals(Path.GetFileName(Path.TrimEndingDirectorySeparator(contentDirectory)), Folder, StringComparison.Ordinal))
            {
                // A single course folder was named: nothing of the catalogue to check.
                return 0;
            }
            folder = contentDirectory;
        }
        var result = Load(folder);
        foreach (var problem in result.Problems)
        {
            output.WriteLine($"{Folder}/{problem}");
        }
        foreach (var state in result.States)
        {
            output.WriteLine($"{state.State}: {state.Mandates.Count} training mandates ({state.Mandates.Count(m => m.Disputed)} disputed), {state.Duties.Count} reporting duties, {state.Posters.Count} posters");
        }
        output.WriteLine(result.Problems.Count == 0 ? "jurisdictions check: 0 problems" : $"jurisdictions check: {result.Problems.Count} problems");
        return result.Problems.Count == 0 ? 0 : 1;
    }
}

/// <summary>The checked catalogue, loaded once at start-up; a problem in it stops the start with file and line.</summary>
public sealed class JurisdictionCatalog
{
    public JurisdictionCatalog(IOptions<ContentOptions> options)
    {
        var result = JurisdictionLoader.Load(Path.Combine(options.Value.Resolve(), JurisdictionLoader.Folder));
        if (result.Problems.Count > 0)
        {
            throw new InvalidOperationException("content/jurisdictions has problems:\n" + string.Join("\n", result.Problems));
        }
        States = result.States;
    }

    public IReadOnlyList<Jurisdiction> States { get; }

    public Jurisdiction? For(string? state) => States.FirstOrDefault(s => s.State == state);

    public Mandate? Mandate(string? id) => States.SelectMany(s => s.Mandates).FirstOrDefault(m => m.Id == id);
}
