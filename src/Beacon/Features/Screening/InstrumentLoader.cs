using System.Globalization;
using System.Text.RegularExpressions;
using Beacon.Features.Courses;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Beacon.Features.Screening;

/// <summary>Where an instrument file comes from: the rules differ a little (README "Files", "Importing").</summary>
public enum InstrumentOrigin
{
    /// <summary>content/instruments/*.yaml: shipped with Beacon; the id equals the file name.</summary>
    Shipped,

    /// <summary>content/instruments/examples/*.yaml: schema examples; `example: true`, sources may be empty, never offered.</summary>
    Example,

    /// <summary>A provider administrator's upload of a licensed instrument's item file.</summary>
    Import,
}

public sealed record InstrumentLoadResult(IReadOnlyList<InstrumentDefinition> Instruments, IReadOnlyList<ContentProblem> Problems);

/// <summary>
/// Reads and checks instrument files against content/instruments/README.md. Like the course loader it never
/// stops at the first problem: each one names the file, the line, the field (as a path such as
/// <c>items[2].answers[1].points</c>) and the reason.
/// </summary>
public static partial class InstrumentLoader
{
    public const string Folder = "instruments";
    public const string ExamplesFolder = "examples";

    /// <summary>The largest item file a provider may upload.</summary>
    public const int MaxFileBytes = 256 * 1024;

    private static readonly string[] TopKeys =
    [
        "id", "version", "name", "shortName", "kind", "example", "bibliography", "validated", "validationLabel", "population", "ageRange",
        "settings", "itemText", "itemCount", "items", "scoring", "bands", "validation", "citation", "licence", "notes", "before",
    ];
    private static readonly string[] ItemKeys = ["id", "text", "help", "answers"];
    private static readonly string[] AnswerKeys = ["id", "label", "points"];
    private static readonly string[] ScoringKeys = ["rule", "k", "max", "ruleConfidence", "sources"];
    private static readonly string[] BandKeys = ["id", "from", "to", "label", "meaning", "doesNotMean", "nextStep", "sources"];
    private static readonly string[] NextStepKeys = ["text", "protocolSection"];
    private static readonly string[] ValidationKeys = ["summary", "studies", "unconfirmed"];
    private static readonly string[] StudyKeys =
        ["id", "role", "setting", "population", "n", "prevalencePercent", "sensitivity", "specificity", "ppv", "npv", "lrPositive", "note", "confidence", "sources"];
    private static readonly string[] CitationKeys = ["text", "sources"];
    private static readonly string[] LicenceKeys = ["status", "holder", "note", "sources"];
    private static readonly string[] NoteKeys = ["id", "text", "confidence", "sources"];
    private static readonly string[] BeforeKeys = ["id", "text", "sources"];
    private static readonly string[] AgeKeys = ["min", "max"];
    private static readonly string[] Roles = ["derivation", "external-validation", "later-evaluation", "implementation"];
    private static readonly string[] LicenceStatuses = ["public-domain", "free-no-permission", "licensed", "unconfirmed"];

    /// <summary>Words no band label or meaning may use: no result labels a patient (README `bands`).</summary>
    public static readonly IReadOnlyList<string> LabellingWords = ["trafficked", "victim"];

    /// <summary>The shipped catalogue (content/instruments/*.yaml, not examples/).</summary>
    public static InstrumentLoadResult LoadShipped(string contentDirectory)
    {
        var problems = new List<ContentProblem>();
        var instruments = new List<InstrumentDefinition>();
        var folder = Path.Combine(contentDirectory, Folder);
        if (!Directory.Exists(folder))
        {
            problems.Add(new ContentProblem(Folder, 0, "folder: the instruments folder does not exist"));
            return new InstrumentLoadResult(instruments, problems);
        }
        var references = InstrumentReferences.FromContent(contentDirectory);
        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name == "README.md")
            {
                continue;
            }
            var file = $"{Folder}/{name}";
            if (!name.EndsWith(".yaml", StringComparison.Ordinal))
            {
                problems.Add(new ContentProblem(file, 0, "file: only <id>.yaml files and README.md belong here"));
                continue;
            }
            if (Read(file, File.ReadAllText(path), InstrumentOrigin.Shipped, references, null, problems) is { } instrument)
            {
                if (instruments.Any(i => i.Id == instrument.Id))
                {
                    problems.Add(new ContentProblem(file, 1, $"id: '{instrument.Id}' is used by another file"));
                }
                instruments.Add(instrument);
            }
        }
        return new InstrumentLoadResult(instruments, problems);
    }

    /// <summary>The schema examples (content/instruments/examples/*.yaml): checked, never offered.</summary>
    public static InstrumentLoadResult LoadExamples(string contentDirectory)
    {
        var problems = new List<ContentProblem>();
        var instruments = new List<InstrumentDefinition>();
        var folder = Path.Combine(contentDirectory, Folder, ExamplesFolder);
        if (!Directory.Exists(folder))
        {
            return new InstrumentLoadResult(instruments, problems);
        }
        var references = InstrumentReferences.FromContent(contentDirectory);
        foreach (var path in Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var file = $"{Folder}/{ExamplesFolder}/{Path.GetFileName(path)}";
            if (Read(file, File.ReadAllText(path), InstrumentOrigin.Example, references, null, problems) is { } instrument)
            {
                instruments.Add(instrument);
            }
        }
        return new InstrumentLoadResult(instruments, problems);
    }

    /// <summary>
    /// Reads one file. For an import whose id is a shipped card's, <paramref name="card"/> is that card:
    /// item count and scoring rule must match it, and its validation, citation and bands are kept unless the
    /// file gives its own. Problems are added to <paramref name="problems"/>; null when the file is unusable.
    /// </summary>
    public static InstrumentDefinition? Read(string file, string text, InstrumentOrigin origin, InstrumentReferences references, InstrumentDefinition? card, List<ContentProblem> problems)
    {
        var before = problems.Count;
        var r = new Reader(file, problems);
        var root = r.Parse(text);
        if (root is null)
        {
            return null;
        }
        if (root is not YamlMappingNode map)
        {
            r.Add(root, "file", "must be a mapping of field: value (the instrument)");
            return null;
        }
        r.Unknown(map, TopKeys, "");
        var id = r.Text(map, "id", "id") ?? "";
        if (id.Length > 0 && !Slug().IsMatch(id))
        {
            r.Add(map, "id", "id", $"'{id}' must be lower-case letters, digits and hyphens");
        }
        if (origin != InstrumentOrigin.Import && id.Length > 0 && id != Path.GetFileNameWithoutExtension(file))
        {
            r.Add(map, "id", "id", $"'{id}' must equal the file name without .yaml ('{Path.GetFileNameWithoutExtension(file)}')");
        }
        var useCard = origin == InstrumentOrigin.Import && card is not null && card.Id == id ? card : null;
        var version = r.Text(map, "version", "version") ?? "";
        if (version.Length > 0 && !VersionPattern().IsMatch(version))
        {
            r.Add(map, "version", "version", $"'{version}' must look like 1.0.0");
        }
        var name = r.Text(map, "name", "name") ?? "";
        var shortName = r.Text(map, "shortName", "shortName", required: false);
        var kind = r.Text(map, "kind", "kind") ?? "";
        if (kind.Length > 0 && kind is not ("conversation-guide" or "screening-instrument"))
        {
            r.Add(map, "kind", "kind", $"'{kind}' must be conversation-guide or screening-instrument");
        }
        var example = r.Bool(map, "example", "example", required: false) ?? false;
        if (example && origin != InstrumentOrigin.Example)
        {
            r.Add(map, "example", "example", "true is allowed only for schema examples in content/instruments/examples/; an example is never offered to staff");
        }
        if (!example && origin == InstrumentOrigin.Example)
        {
            r.Add(map, "example", "example", "files in examples/ must say example: true");
        }
        var emptySources = origin == InstrumentOrigin.Example;
        var bibliography = r.Text(map, "bibliography", "bibliography") ?? "";
        var keys = bibliography.Length == 0 ? null : references.KeysFor(bibliography);
        if (bibliography.Length > 0 && keys is null)
        {
            r.Add(map, "bibliography", "bibliography", $"no course package '{bibliography}' with a bibliography.yaml");
        }
        var sources = new SourceCheck(r, keys, emptySources);

        var validated = r.Bool(map, "validated", "validated") ?? false;
        var validationLabel = r.Text(map, "validationLabel", "validationLabel", required: false);
        if (YamlNode(map, "validated") is not null && !validated)
        {
            if (validationLabel is null)
            {
                r.Add(map, "validationLabel", "validationLabel", "required when validated: false, and must contain \"not a validated instrument\"");
            }
            else if (!validationLabel.Contains("not a validated instrument", StringComparison.OrdinalIgnoreCase))
            {
                r.Add(map, "validationLabel", "validationLabel", "must contain \"not a validated instrument\"");
            }
        }
        var population = r.Text(map, "population", "population") ?? "";
        int? ageMin = null, ageMax = null;
        if (r.Map(map, "ageRange", "ageRange", required: true) is { } age)
        {
            r.Unknown(age, AgeKeys, "ageRange");
            ageMin = r.NullableInt(age, "min", "ageRange.min", 0, 120);
            ageMax = r.NullableInt(age, "max", "ageRange.max", 0, 120);
            if (ageMin is { } lo && ageMax is { } hi && lo > hi)
            {
                r.Add(age, "ageRange", "ageRange", $"min {lo} is above max {hi}");
            }
        }
        var settings = r.Texts(map, "settings", "settings", required: false);
        var itemText = r.Text(map, "itemText", "itemText") ?? "";
        if (itemText.Length > 0 && itemText is not ("included" or "withheld"))
        {
            r.Add(map, "itemText", "itemText", $"'{itemText}' must be included or withheld");
        }
        var included = itemText == "included";
        if (origin == InstrumentOrigin.Import && itemText == "withheld")
        {
            r.Add(map, "itemText", "itemText", "an imported item file must say itemText: included and carry its items");
        }
        var itemCount = r.Int(map, "itemCount", "itemCount", 1, 500) ?? 0;

        var items = new List<InstrumentItem>();
        var itemsNode = YamlNode(map, "items");
        if (itemText == "withheld" && itemsNode is not null)
        {
            r.Add(map, "items", "items", "must be absent when itemText: withheld (a metadata card ships no item text)");
        }
        else if (included)
        {
            items = ReadItems(r, map);
            if (items.Count > 0 && itemCount > 0 && items.Count != itemCount)
            {
                r.Add(map, "itemCount", "itemCount", $"is {itemCount} but the file has {items.Count} items");
            }
        }

        var scoring = ReadScoring(r, map, sources, itemCount, items);
        var bands = YamlNode(map, "bands") is null && useCard is not null ? [.. useCard.Bands] : ReadBands(r, map, sources, references, scoring, items);
        var validation = YamlNode(map, "validation") is null && useCard is not null ? useCard.Validation : ReadValidation(r, map, sources, validated);
        var citation = YamlNode(map, "citation") is null && useCard is not null ? useCard.Citation : ReadCitation(r, map, sources);
        var licence = ReadLicence(r, map, sources);
        if (licence is not null && itemText == "included" && licence.Status == "unconfirmed")
        {
            r.Add(map, "licence", "licence.status", "unconfirmed: a file whose licence is unconfirmed must say itemText: withheld and ship no items");
        }
        if (licence is not null && origin == InstrumentOrigin.Import && licence.Status != "licensed" && licence.Status.Length > 0)
        {
            r.Add(map, "licence", "licence.status", $"'{licence.Status}': an imported item file must say licensed");
        }
        var notes = ReadCitedList(r, map, "notes", NoteKeys, sources, withConfidence: true);
        var beforeList = ReadCitedList(r, map, "before", BeforeKeys, sources, withConfidence: false);

        if (useCard is not null && scoring is not null)
        {
            if (itemCount != useCard.ItemCount)
            {
                r.Add(map, "itemCount", "itemCount", $"is {itemCount} but the published card '{useCard.Id}' has {useCard.ItemCount} items");
            }
            if (scoring.Rule != useCard.Scoring.Rule)
            {
                r.Add(map, "scoring", "scoring.rule", $"is {InstrumentDefinition.RuleName(scoring.Rule)} but the published card '{useCard.Id}' is scored {InstrumentDefinition.RuleName(useCard.Scoring.Rule)}");
            }
            if (scoring.K != useCard.Scoring.K)
            {
                r.Add(map, "scoring", "scoring.k", $"is {scoring.K?.ToString(CultureInfo.InvariantCulture) ?? "absent"} but the published card '{useCard.Id}' has k = {useCard.Scoring.K?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
            }
        }

        if (problems.Count > before || scoring is null || licence is null)
        {
            return null;
        }
        return new InstrumentDefinition(id, version, name, shortName, kind, example, bibliography, validated, validationLabel, population, ageMin, ageMax, settings,
            included, itemCount, items, scoring, bands, validation!, citation!, licence, notes, beforeList);
    }

    private static List<InstrumentItem> ReadItems(Reader r, YamlMappingNode map)
    {
        var items = new List<InstrumentItem>();
        if (r.List(map, "items", "items", required: true) is not { } list)
        {
            return items;
        }
        if (list.Children.Count == 0)
        {
            r.Add(list, "items", "must list at least one item when itemText: included");
        }
        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = $"items[{i + 1}]";
            if (list.Children[i] is not YamlMappingNode node)
            {
                r.Add(list.Children[i], path, "must be a mapping with id, text and answers");
                continue;
            }
            r.Unknown(node, ItemKeys, path);
            var id = r.Text(node, "id", $"{path}.id") ?? "";
            if (id.Length > 0 && !Slug().IsMatch(id))
            {
                r.Add(node, "id", $"{path}.id", $"'{id}' must be lower-case letters, digits and hyphens");
            }
            if (id.Length > 0 && items.Any(x => x.Id == id))
            {
                r.Add(node, "id", $"{path}.id", $"'{id}' is used by another item");
            }
            var text = r.Text(node, "text", $"{path}.text") ?? "";
            var help = r.Text(node, "help", $"{path}.help", required: false);
            var answers = new List<InstrumentAnswer>();
            if (r.List(node, "answers", $"{path}.answers", required: true) is { } answerList)
            {
                if (answerList.Children.Count < 2)
                {
                    r.Add(answerList, $"{path}.answers", $"needs at least 2 answers (found {answerList.Children.Count})");
                }
                for (var j = 0; j < answerList.Children.Count; j++)
                {
                    var answerPath = $"{path}.answers[{j + 1}]";
                    if (answerList.Children[j] is not YamlMappingNode a)
                    {
                        r.Add(answerList.Children[j], answerPath, "must be a mapping { id, label, points }");
                        continue;
                    }
                    r.Unknown(a, AnswerKeys, answerPath);
                    var answerId = r.Text(a, "id", $"{answerPath}.id") ?? "";
                    if (answerId.Length > 0 && answers.Any(x => x.Id == answerId))
                    {
                        r.Add(a, "id", $"{answerPath}.id", $"'{answerId}' is used by another answer of this item");
                    }
                    if (YamlNode(a, "id") is YamlScalarNode { Style: ScalarStyle.Plain, Value: "yes" or "no" or "true" or "false" or "on" or "off" })
                    {
                        r.Add(a, "id", $"{answerPath}.id", "quote yes, no, true, false, on and off (\"yes\"): YAML 1.1 readers take them as booleans");
                    }
                    var label = r.Text(a, "label", $"{answerPath}.label") ?? "";
                    var points = r.Number(a, "points", $"{answerPath}.points", 0m, 1000m) ?? 0m;
                    answers.Add(new InstrumentAnswer(answerId, label, points));
                }
            }
            items.Add(new InstrumentItem(id, text, help, answers));
        }
        return items;
    }

    private static InstrumentScoring? ReadScoring(Reader r, YamlMappingNode map, SourceCheck sources, int itemCount, List<InstrumentItem> items)
    {
        if (r.Map(map, "scoring", "scoring", required: true) is not { } s)
        {
            return null;
        }
        r.Unknown(s, ScoringKeys, "scoring");
        var ruleText = r.Text(s, "rule", "scoring.rule") ?? "";
        ScoringRule? rule = ruleText switch
        {
            "any-yes" => ScoringRule.AnyYes,
            "count-at-least" => ScoringRule.CountAtLeast,
            "weighted-sum" => ScoringRule.WeightedSum,
            _ => null,
        };
        if (ruleText.Length > 0 && rule is null)
        {
            r.Add(s, "rule", "scoring.rule", $"'{ruleText}' must be any-yes, count-at-least or weighted-sum");
        }
        int? k = null;
        if (rule == ScoringRule.CountAtLeast)
        {
            k = r.Int(s, "k", "scoring.k", 1, Math.Max(1, itemCount));
        }
        else if (YamlNode(s, "k") is { } kNode)
        {
            r.Add(kNode, "scoring.k", "is only for count-at-least");
        }
        var max = r.Int(s, "max", "scoring.max", 0, 100_000) ?? 0;
        var confidence = r.Text(s, "ruleConfidence", "scoring.ruleConfidence") ?? "";
        if (confidence.Length > 0 && confidence is not ("H" or "M" or "L"))
        {
            r.Add(s, "ruleConfidence", "scoring.ruleConfidence", $"'{confidence}' must be H, M or L");
        }
        var keys = sources.Read(s, "sources", "scoring.sources");
        if (rule is null)
        {
            return null;
        }
        if (rule is ScoringRule.AnyYes or ScoringRule.CountAtLeast)
        {
            if (itemCount > 0 && max != itemCount)
            {
                r.Add(s, "max", "scoring.max", $"is {max} but must equal itemCount ({itemCount}) for {ruleText}");
            }
            for (var i = 0; i < items.Count; i++)
            {
                var positive = items[i].Answers.Where(a => a.Points > 0).ToList();
                if (positive.Count != 1 || positive[0].Points != 1)
                {
                    r.Add(map, "items", $"items[{i + 1}].answers", $"item '{items[i].Id}' must have exactly one answer with points > 0, and give it points: 1 ({ruleText} counts items)");
                }
            }
        }
        else if (items.Count > 0)
        {
            var highest = items.Sum(i => i.Answers.Count == 0 ? 0 : i.Answers.Max(a => a.Points));
            if (highest != max)
            {
                r.Add(s, "max", "scoring.max", $"is {max} but the items' highest points add up to {highest.ToString(CultureInfo.InvariantCulture)}");
            }
        }
        return new InstrumentScoring(rule.Value, k, max, confidence, keys);
    }

    private static List<ResultBand> ReadBands(Reader r, YamlMappingNode map, SourceCheck sources, InstrumentReferences references, InstrumentScoring? scoring, List<InstrumentItem> items)
    {
        var bands = new List<ResultBand>();
        if (r.List(map, "bands", "bands", required: true) is not { } list)
        {
            return bands;
        }
        var lines = new List<YamlNode>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = $"bands[{i + 1}]";
            if (list.Children[i] is not YamlMappingNode b)
            {
                r.Add(list.Children[i], path, "must be a mapping with id, from, to, label, meaning, doesNotMean and nextStep");
                continue;
            }
            r.Unknown(b, BandKeys, path);
            var id = r.Text(b, "id", $"{path}.id") ?? "";
            if (id.Length > 0 && !Slug().IsMatch(id))
            {
                r.Add(b, "id", $"{path}.id", $"'{id}' must be lower-case letters, digits and hyphens");
            }
            if (id.Length > 0 && bands.Any(x => x.Id == id))
            {
                r.Add(b, "id", $"{path}.id", $"'{id}' is used by another band");
            }
            var from = r.Int(b, "from", $"{path}.from", 0, 100_000) ?? 0;
            var to = r.Int(b, "to", $"{path}.to", 0, 100_000) ?? 0;
            if (to < from)
            {
                r.Add(b, "to", $"{path}.to", $"is {to}, below from ({from})");
            }
            var label = r.Text(b, "label", $"{path}.label") ?? "";
            var meaning = r.Text(b, "meaning", $"{path}.meaning") ?? "";
            foreach (var (field, value) in new[] { ("label", label), ("meaning", meaning) })
            {
                foreach (var word in LabellingWords.Where(w => value.Contains(w, StringComparison.OrdinalIgnoreCase)))
                {
                    r.Add(b, field, $"{path}.{field}", $"must not contain \"{word}\": no result labels a patient");
                }
            }
            var doesNotMean = r.Text(b, "doesNotMean", $"{path}.doesNotMean") ?? "";
            NextStep? next = null;
            if (r.Map(b, "nextStep", $"{path}.nextStep", required: true) is { } n)
            {
                r.Unknown(n, NextStepKeys, $"{path}.nextStep");
                var stepText = r.Text(n, "text", $"{path}.nextStep.text") ?? "";
                var section = r.Text(n, "protocolSection", $"{path}.nextStep.protocolSection") ?? "";
                if (section.Length > 0 && !references.ProtocolSections.Contains(section))
                {
                    r.Add(n, "protocolSection", $"{path}.nextStep.protocolSection", $"'{section}' is not a heading id of content/toolkit/protocol.md");
                }
                next = new NextStep(stepText, section);
            }
            var keys = sources.Read(b, "sources", $"{path}.sources");
            bands.Add(new ResultBand(id, from, to, label, meaning, doesNotMean, next ?? new NextStep("", ""), keys));
            lines.Add(b);
        }
        if (bands.Count == 0)
        {
            r.Add(list, "bands", "needs at least one band");
            return bands;
        }
        if (bands[0].From != 0)
        {
            r.Add(lines[0], "bands[1].from", $"is {bands[0].From}: the first band must start at 0");
        }
        for (var i = 1; i < bands.Count; i++)
        {
            var previous = bands[i - 1];
            if (bands[i].From <= previous.To)
            {
                r.Add(lines[i], $"bands[{i + 1}].from", $"is {bands[i].From}: overlaps band '{previous.Id}' ({previous.From} to {previous.To}); bands go in ascending order without overlap");
            }
            else if (bands[i].From != previous.To + 1)
            {
                r.Add(lines[i], $"bands[{i + 1}].from", $"is {bands[i].From}: leaves a gap after band '{previous.Id}' (which ends at {previous.To}); the next band must start at {previous.To + 1}");
            }
        }
        if (scoring is null)
        {
            return bands;
        }
        if (bands[^1].To != scoring.Max)
        {
            r.Add(lines[^1], $"bands[{bands.Count}].to", $"is {bands[^1].To}: the last band must end at scoring.max ({scoring.Max})");
        }
        var boundary = scoring.Rule switch
        {
            ScoringRule.AnyYes => 1,
            ScoringRule.CountAtLeast => scoring.K,
            _ => null,
        };
        if (boundary is { } edge && edge > 0 && !bands.Any(b => b.From == edge))
        {
            r.Add(list, "bands", $"need a band starting at {edge}: for {InstrumentDefinition.RuleName(scoring.Rule)} the positive band starts there");
        }
        if (scoring.Rule == ScoringRule.WeightedSum && items.Count > 0)
        {
            foreach (var score in ReachableScores(items).Where(s => !bands.Any(b => b.Contains(s))).Take(5))
            {
                r.Add(list, "bands", $"a reachable score of {score.ToString(CultureInfo.InvariantCulture)} falls in no band");
            }
        }
        return bands;
    }

    /// <summary>Every weighted sum the answers can produce (bounded: a huge instrument is checked on its first 20,000 sums).</summary>
    internal static IReadOnlyCollection<decimal> ReachableScores(IReadOnlyList<InstrumentItem> items)
    {
        var sums = new HashSet<decimal> { 0m };
        foreach (var item in items)
        {
            var next = new HashSet<decimal>();
            foreach (var sum in sums)
            {
                // An unanswered item scores 0.
                next.Add(sum);
                foreach (var answer in item.Answers)
                {
                    next.Add(sum + answer.Points);
                }
                if (next.Count > 20_000)
                {
                    break;
                }
            }
            sums = next;
        }
        return sums;
    }

    private static InstrumentValidation? ReadValidation(Reader r, YamlMappingNode map, SourceCheck sources, bool validated)
    {
        if (r.Map(map, "validation", "validation", required: true) is not { } v)
        {
            return null;
        }
        r.Unknown(v, ValidationKeys, "validation");
        var summary = r.Text(v, "summary", "validation.summary") ?? "";
        var studies = new List<InstrumentStudy>();
        if (r.List(v, "studies", "validation.studies", required: true) is { } list)
        {
            if (!validated && list.Children.Count > 0)
            {
                r.Add(list, "validation.studies", "must be [] when validated: false (no tested accuracy)");
            }
            if (validated && list.Children.Count == 0)
            {
                r.Add(list, "validation.studies", "validated: true needs at least one study with published figures");
            }
            for (var i = 0; i < list.Children.Count; i++)
            {
                var path = $"validation.studies[{i + 1}]";
                if (list.Children[i] is not YamlMappingNode s)
                {
                    r.Add(list.Children[i], path, "must be a mapping");
                    continue;
                }
                r.Unknown(s, StudyKeys, path);
                var id = r.Text(s, "id", $"{path}.id") ?? "";
                var role = r.Text(s, "role", $"{path}.role") ?? "";
                if (role.Length > 0 && !Roles.Contains(role))
                {
                    r.Add(s, "role", $"{path}.role", $"'{role}' must be one of {string.Join(", ", Roles)}");
                }
                var confidence = r.Text(s, "confidence", $"{path}.confidence") ?? "";
                if (confidence.Length > 0 && confidence is not ("H" or "M"))
                {
                    r.Add(s, "confidence", $"{path}.confidence", $"'{confidence}' must be H or M");
                }
                studies.Add(new InstrumentStudy(id, role, r.Text(s, "setting", $"{path}.setting") ?? "", r.Text(s, "population", $"{path}.population") ?? "",
                    r.Int(s, "n", $"{path}.n", 1, 10_000_000, required: false),
                    r.Number(s, "prevalencePercent", $"{path}.prevalencePercent", 0, 100, required: false),
                    r.Number(s, "sensitivity", $"{path}.sensitivity", 0, 100, required: false),
                    r.Number(s, "specificity", $"{path}.specificity", 0, 100, required: false),
                    r.Number(s, "ppv", $"{path}.ppv", 0, 100, required: false),
                    r.Number(s, "npv", $"{path}.npv", 0, 100, required: false),
                    r.Number(s, "lrPositive", $"{path}.lrPositive", 0, 1000, required: false),
                    r.Text(s, "note", $"{path}.note", required: false), confidence, sources.Read(s, "sources", $"{path}.sources")));
            }
        }
        var unconfirmed = r.Texts(v, "unconfirmed", "validation.unconfirmed", required: false);
        return new InstrumentValidation(summary, studies, unconfirmed);
    }

    private static InstrumentCitation? ReadCitation(Reader r, YamlMappingNode map, SourceCheck sources)
    {
        if (r.Map(map, "citation", "citation", required: true) is not { } c)
        {
            return null;
        }
        r.Unknown(c, CitationKeys, "citation");
        return new InstrumentCitation(r.Text(c, "text", "citation.text") ?? "", sources.Read(c, "sources", "citation.sources"));
    }

    private static InstrumentLicence? ReadLicence(Reader r, YamlMappingNode map, SourceCheck sources)
    {
        if (r.Map(map, "licence", "licence", required: true) is not { } l)
        {
            return null;
        }
        r.Unknown(l, LicenceKeys, "licence");
        var status = r.Text(l, "status", "licence.status") ?? "";
        if (status.Length > 0 && !LicenceStatuses.Contains(status))
        {
            r.Add(l, "status", "licence.status", $"'{status}' must be one of {string.Join(", ", LicenceStatuses)}");
        }
        return new InstrumentLicence(status, r.Text(l, "holder", "licence.holder", required: false), r.Text(l, "note", "licence.note") ?? "", sources.Read(l, "sources", "licence.sources"));
    }

    private static List<CitedText> ReadCitedList(Reader r, YamlMappingNode map, string field, string[] known, SourceCheck sources, bool withConfidence)
    {
        var result = new List<CitedText>();
        if (YamlNode(map, field) is null || r.List(map, field, field, required: false) is not { } list)
        {
            return result;
        }
        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = $"{field}[{i + 1}]";
            if (list.Children[i] is not YamlMappingNode n)
            {
                r.Add(list.Children[i], path, "must be a mapping { id, text, sources }");
                continue;
            }
            r.Unknown(n, known, path);
            var id = r.Text(n, "id", $"{path}.id") ?? "";
            if (id.Length > 0 && result.Any(x => x.Id == id))
            {
                r.Add(n, "id", $"{path}.id", $"'{id}' is used by another entry");
            }
            string? confidence = null;
            if (withConfidence)
            {
                confidence = r.Text(n, "confidence", $"{path}.confidence", required: false);
                if (confidence is not null and not ("H" or "M" or "L"))
                {
                    r.Add(n, "confidence", $"{path}.confidence", $"'{confidence}' must be H, M or L");
                }
            }
            result.Add(new CitedText(id, r.Text(n, "text", $"{path}.text") ?? "", confidence, sources.Read(n, "sources", $"{path}.sources")));
        }
        return result;
    }

    internal static YamlNode? YamlNode(YamlMappingNode map, string name) =>
        map.Children.TryGetValue(new YamlScalarNode(name), out var value) ? value : null;

    /// <summary>`content check`: the shipped instruments and the schema examples; each problem as file:line: field: reason.</summary>
    public static int Check(string contentDirectory, TextWriter output)
    {
        if (!Directory.Exists(Path.Combine(contentDirectory, Folder)))
        {
            // A single course folder (or another catalogue) was named: no instruments to check.
            return 0;
        }
        var shipped = LoadShipped(contentDirectory);
        var examples = LoadExamples(contentDirectory);
        var problems = shipped.Problems.Concat(examples.Problems).ToList();
        foreach (var problem in problems)
        {
            output.WriteLine(problem);
        }
        foreach (var instrument in shipped.Instruments)
        {
            output.WriteLine($"{instrument.Id} {instrument.Version}: {(instrument.Runnable ? $"{instrument.Items.Count} items" : $"metadata card ({instrument.ItemCount} items withheld)")}, " +
                $"{InstrumentDefinition.RuleName(instrument.Scoring.Rule)}, {instrument.Bands.Count} bands, {(instrument.Validated ? "validated" : "not validated")}");
        }
        output.WriteLine(problems.Count == 0 ? "instruments check: 0 problems" : $"instruments check: {problems.Count} problems");
        return problems.Count == 0 ? 0 : 1;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex VersionPattern();

    /// <summary>Checks `sources` lists: present, non-empty (except in examples), well-formed, resolving.</summary>
    private sealed class SourceCheck(Reader r, IReadOnlySet<string>? keys, bool allowEmpty)
    {
        public IReadOnlyList<string> Read(YamlMappingNode map, string field, string path)
        {
            if (YamlNode(map, field) is null)
            {
                r.Add(map, path, "missing: every cited statement needs a sources list");
                return [];
            }
            var values = r.Texts(map, field, path, required: true);
            var node = YamlNode(map, field)!;
            if (values.Count == 0 && !allowEmpty)
            {
                r.Add(node, path, "must list at least one citation key (only files in examples/ may leave it empty)");
            }
            foreach (var key in values)
            {
                if (!ContentLoader.CitationKey().IsMatch(key))
                {
                    r.Add(node, path, $"'{key}' must look like S12 or S21a");
                }
                else if (keys is not null && !keys.Contains(key))
                {
                    r.Add(node, path, $"unknown citation key '{key}' (not in the bibliography nor in content/toolkit/sources.yaml)");
                }
            }
            return values;
        }
    }

    /// <summary>Reads nodes and reports each problem as "path: reason" at the node's line.</summary>
    private sealed class Reader(string file, List<ContentProblem> problems)
    {
        public YamlNode? Parse(string text)
        {
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(text));
                if (stream.Documents.Count == 0)
                {
                    problems.Add(new ContentProblem(file, 1, "file: is empty"));
                    return null;
                }
                return stream.Documents[0].RootNode;
            }
            catch (YamlException error)
            {
                problems.Add(new ContentProblem(file, (int)error.Start.Line, "file: not valid YAML: " + error.Message));
                return null;
            }
            catch (InvalidOperationException)
            {
                problems.Add(new ContentProblem(file, 1, "file: not valid YAML: check brackets, quotes and indentation"));
                return null;
            }
        }

        public void Add(YamlNode node, string path, string reason) =>
            problems.Add(new ContentProblem(file, (int)node.Start.Line, $"{path}: {reason}"));

        /// <summary>At the field's own line when present, else at its mapping's.</summary>
        public void Add(YamlMappingNode map, string field, string path, string reason) =>
            Add(map.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: { } v } && v == field) ?? map, path, reason);

        public void Unknown(YamlMappingNode map, string[] known, string path)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!known.Contains(name, StringComparer.Ordinal))
                {
                    Add(key, path.Length == 0 ? name : $"{path}.{name}", $"unknown field; known fields here: {string.Join(", ", known)}");
                }
            }
        }

        private static bool IsNull(YamlScalarNode scalar) =>
            scalar.Style == ScalarStyle.Plain && (scalar.Value is null or "" or "~" or "null" or "Null" or "NULL");

        public string? Text(YamlMappingNode map, string field, string path, bool required = true)
        {
            var node = YamlNode(map, field);
            if (node is YamlScalarNode scalar && !IsNull(scalar) && !string.IsNullOrWhiteSpace(scalar.Value))
            {
                return scalar.Value.Trim();
            }
            if (node is not null)
            {
                Add(node, path, "must be text and not empty");
            }
            else if (required)
            {
                Add(map, path, "missing");
            }
            return null;
        }

        public bool? Bool(YamlMappingNode map, string field, string path, bool required = true)
        {
            var text = Text(map, field, path, required);
            if (text is null)
            {
                return null;
            }
            if (text is "true" or "false")
            {
                return text == "true";
            }
            Add(map, field, path, $"'{text}' must be true or false");
            return null;
        }

        public int? Int(YamlMappingNode map, string field, string path, int min, int max, bool required = true)
        {
            var text = Text(map, field, path, required);
            if (text is null)
            {
                return null;
            }
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                Add(map, field, path, $"'{text}' must be a whole number from {min} to {max}");
                return null;
            }
            return value;
        }

        public int? NullableInt(YamlMappingNode map, string field, string path, int min, int max)
        {
            var node = YamlNode(map, field);
            if (node is null)
            {
                Add(map, path, "missing (write null for no bound)");
                return null;
            }
            return node is YamlScalarNode scalar && IsNull(scalar) ? null : Int(map, field, path, min, max);
        }

        public decimal? Number(YamlMappingNode map, string field, string path, decimal min, decimal max, bool required = true)
        {
            var text = Text(map, field, path, required);
            if (text is null)
            {
                return null;
            }
            if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                Add(map, field, path, $"'{text}' must be a number from {min} to {max}");
                return null;
            }
            return value;
        }

        public YamlMappingNode? Map(YamlMappingNode map, string field, string path, bool required) =>
            Node<YamlMappingNode>(map, field, path, required, "must be a mapping of field: value");

        public YamlSequenceNode? List(YamlMappingNode map, string field, string path, bool required) =>
            Node<YamlSequenceNode>(map, field, path, required, "must be a list");

        /// <summary>The field's node when it is a <typeparamref name="T"/>; otherwise reported (of another kind, or missing when required).</summary>
        private T? Node<T>(YamlMappingNode map, string field, string path, bool required, string otherKind) where T : YamlNode
        {
            var node = YamlNode(map, field);
            if (node is T wanted)
            {
                return wanted;
            }
            if (node is not null)
            {
                Add(node, path, otherKind);
            }
            else if (required)
            {
                Add(map, path, "missing");
            }
            return null;
        }

        public IReadOnlyList<string> Texts(YamlMappingNode map, string field, string path, bool required)
        {
            if (List(map, field, path, required) is not { } list)
            {
                return [];
            }
            var values = new List<string>();
            for (var i = 0; i < list.Children.Count; i++)
            {
                if (list.Children[i] is YamlScalarNode { Value: { } value } && !string.IsNullOrWhiteSpace(value))
                {
                    values.Add(value.Trim());
                }
                else
                {
                    Add(list.Children[i], $"{path}[{i + 1}]", "must be non-empty text");
                }
            }
            return values;
        }
    }
}
