using System.Globalization;
using System.Text.RegularExpressions;
using Beacon.Features.Courses;
using Beacon.Features.Requirements;
using YamlDotNet.RepresentationModel;

namespace Beacon.Features.Toolkit;

public sealed record ToolkitLoadResult(ToolkitContent? Content, IReadOnlyList<ContentProblem> Problems);

/// <summary>
/// Reads and checks content/toolkit (red-flags.yaml, protocol.md, icd10.yaml, reporting.yaml, sources.yaml)
/// the way the course loader does: every problem with its file, line, field and reason, never stopping at the
/// first. Citation keys resolve to the course bibliography the file names plus sources.yaml; the hotline's
/// details come only from content/resources/national.yaml; reporting rules name duties of the jurisdiction
/// catalogue by id.
/// </summary>
public static partial class ToolkitLoader
{
    public const string Folder = "toolkit";
    public const string RedFlagsFile = "red-flags.yaml";
    public const string ProtocolFile = "protocol.md";
    public const string CodesFile = "icd10.yaml";
    public const string ReportingFile = "reporting.yaml";
    public const string SourcesFile = "sources.yaml";
    public const int MaxItemLength = 90;

    private static readonly string[] Tracks = [Learning.Learners.ClinicalTrack, Learning.Learners.NonClinicalTrack];
    private static readonly string[] CodeCategories = ["confirmed", "suspected", "encounter", "history", "perpetrator"];
    private static readonly string[] Populations = ["adult", "child", "any"];
    private static readonly string[] Exploitations = ["sexual", "labor", "sexual-or-labor", "not-specific"];
    private static readonly Dictionary<string, string> Encounters = new(StringComparer.Ordinal) { ["initial"] = "A", ["subsequent"] = "D", ["sequela"] = "S" };
    private static readonly string[] Ages = ["minor", "adult", "young-adult"];
    private static readonly string[] CatalogueFields = ["title", "text", "citation", "confidence", "sources"];

    public static ToolkitLoadResult Load(string contentDirectory)
    {
        var problems = new List<ContentProblem>();
        var folder = Path.Combine(contentDirectory, Folder);
        if (!Directory.Exists(folder))
        {
            problems.Add(new ContentProblem(Folder, 0, "the toolkit folder does not exist"));
            return new ToolkitLoadResult(null, problems);
        }
        var toolkitSources = ReadSources(Path.Combine(folder, SourcesFile), problems);
        var bibliographies = new Dictionary<string, IReadOnlyDictionary<string, ToolkitSource>?>(StringComparer.Ordinal);
        var jurisdictions = JurisdictionLoader.Load(Path.Combine(contentDirectory, JurisdictionLoader.Folder)).States;

        // The course bibliography a file names, plus sources.yaml; null when the course has no bibliography.
        IReadOnlyDictionary<string, ToolkitSource>? SourcesFor(string bibliography)
        {
            if (!bibliographies.TryGetValue(bibliography, out var keys))
            {
                var courseFolder = Path.Combine(contentDirectory, "courses", bibliography);
                if (bibliography.Length > 0 && File.Exists(Path.Combine(courseFolder, ContentLoader.BibliographyFile)))
                {
                    // The course check reports the bibliography's own problems.
                    var course = ContentLoader.ReadBibliography(courseFolder, []);
                    keys = course.Select(s => new ToolkitSource(s.Key, s.Title, s.Url, s.Confidence))
                        .Concat(toolkitSources)
                        .GroupBy(s => s.Key, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
                }
                bibliographies[bibliography] = keys;
            }
            return keys;
        }

        var protocol = ReadProtocol(folder, SourcesFor, problems);
        var headingIds = protocol is null ? [] : ProtocolText.HeadingIds(protocol.Markdown).Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
        var redFlags = ReadRedFlags(folder, contentDirectory, SourcesFor, headingIds, problems);
        var codes = ReadCodes(folder, SourcesFor, problems);
        var reporting = ReadReporting(folder, SourcesFor, jurisdictions, problems);

        var used = new Dictionary<string, ToolkitSource>(StringComparer.Ordinal);
        foreach (var bibliography in bibliographies.Values.OfType<IReadOnlyDictionary<string, ToolkitSource>>())
        {
            foreach (var (key, source) in bibliography)
            {
                used.TryAdd(key, source);
            }
        }
        var content = problems.Count == 0 && protocol is not null && redFlags is not null && codes is not null && reporting is not null
            ? new ToolkitContent(redFlags, protocol, codes, reporting, used)
            : null;
        return new ToolkitLoadResult(content, problems);
    }

    /// <summary>`content check`: the toolkit files, each problem as toolkit/file:line: reason. 0 when there are none.</summary>
    public static int Check(string contentDirectory, TextWriter output)
    {
        if (!Directory.Exists(Path.Combine(contentDirectory, Folder)))
        {
            // A single course folder (or the jurisdictions folder) was named: nothing of the toolkit to check.
            return 0;
        }
        var result = Load(contentDirectory);
        foreach (var problem in result.Problems)
        {
            output.WriteLine($"{Folder}/{problem}");
        }
        if (result.Content is { } content)
        {
            output.WriteLine($"toolkit: {content.RedFlags.Groups.Sum(g => g.Items.Count)} red flags in {content.RedFlags.Groups.Count} groups, " +
                $"protocol {content.Protocol.Version}, {content.Codes.Codes.Count} ICD-10-CM codes, {content.Reporting.Rules.Count} reporting rules");
        }
        output.WriteLine(result.Problems.Count == 0 ? "toolkit check: 0 problems" : $"toolkit check: {result.Problems.Count} problems");
        return result.Problems.Count == 0 ? 0 : 1;
    }

    // ---------------------------------------------------------------- sources.yaml

    private static List<ToolkitSource> ReadSources(string path, List<ContentProblem> problems)
    {
        var sources = new List<ToolkitSource>();
        if (!File.Exists(path))
        {
            return sources;
        }
        var file = SourcesFile;
        var yaml = new YamlNodes(file, problems);
        if (yaml.Sequence(yaml.Parse(File.ReadAllText(path)), file) is not { } list)
        {
            return sources;
        }
        foreach (var item in list.Children)
        {
            if (yaml.Mapping(item, "each source") is not { } map)
            {
                continue;
            }
            Unknown(file, map, ["key", "title", "url", "confidence", "licence"], "a source", problems);
            var key = yaml.Text(map, "key");
            var url = yaml.Text(map, "url");
            var confidence = yaml.Text(map, "confidence");
            if (key.Length > 0 && !ContentLoader.CitationKey().IsMatch(key))
            {
                problems.Add(Problem(file, map, "key", $"'{key}' must look like S12 or S29a"));
            }
            if (confidence.Length > 0 && confidence is not ("H" or "M" or "L"))
            {
                problems.Add(Problem(file, map, "confidence", $"'{confidence}' must be H, M or L"));
            }
            CheckUrl(file, map, "url", url, problems);
            if (sources.Any(s => s.Key == key))
            {
                problems.Add(Problem(file, map, "key", $"duplicate source key '{key}'"));
            }
            sources.Add(new ToolkitSource(key, yaml.Text(map, "title"), url, confidence));
        }
        return sources;
    }

    // ---------------------------------------------------------------- red-flags.yaml

    private static RedFlagList? ReadRedFlags(string folder, string contentDirectory, Func<string, IReadOnlyDictionary<string, ToolkitSource>?> sourcesFor, IReadOnlySet<string> headingIds, List<ContentProblem> problems)
    {
        var file = RedFlagsFile;
        if (Open(folder, file, problems) is not { } text)
        {
            return null;
        }
        HotlineLiterals(file, text, problems);
        var yaml = new YamlNodes(file, problems);
        if (yaml.Mapping(yaml.Parse(text), file) is not { } map)
        {
            return null;
        }
        Unknown(file, map, ["id", "version", "title", "bibliography", "course", "caveats", "next", "groups"], "the file", problems);
        var (version, sources) = Header(yaml, file, map, sourcesFor, problems);

        var courseId = "";
        var module = "";
        if (yaml.Mapping(YamlNodes.Field(map, "course"), "field 'course'") is { } course)
        {
            Unknown(file, course, ["id", "module"], "'course'", problems);
            courseId = yaml.Text(course, "id");
            module = yaml.Text(course, "module");
            var courseFolder = Path.Combine(contentDirectory, "courses", courseId);
            if (courseId.Length > 0 && !Directory.Exists(courseFolder))
            {
                problems.Add(Problem(file, course, "course.id", $"no course package '{courseId}' under content/courses"));
            }
            else if (module.Length > 0 && Directory.Exists(Path.Combine(courseFolder, ContentLoader.ModulesFolder))
                && !Directory.EnumerateFiles(Path.Combine(courseFolder, ContentLoader.ModulesFolder), "*.md").Any(f => Path.GetFileNameWithoutExtension(f).EndsWith("-" + module, StringComparison.Ordinal)))
            {
                problems.Add(Problem(file, course, "course.module", $"course '{courseId}' has no module '{module}'"));
            }
        }

        var caveats = CitedList(yaml, file, map, "caveats", sources, problems, maxLength: null);
        if (YamlNodes.Field(map, "caveats") is { } caveatNode && caveats.All(c => c.Id != "no-single-sign"))
        {
            problems.Add(new ContentProblem(file, YamlNodes.Line(caveatNode), "field 'caveats': must include the caveat with id no-single-sign (no single sign proves trafficking)"));
        }

        var nextText = "";
        var nextSection = "";
        if (yaml.Mapping(YamlNodes.Field(map, "next"), "field 'next'") is { } next)
        {
            Unknown(file, next, ["text", "protocolSection"], "'next'", problems);
            nextText = yaml.Text(next, "text");
            nextSection = yaml.Text(next, "protocolSection");
            CheckSection(file, next, "next.protocolSection", nextSection, headingIds, problems);
        }

        var groups = new List<RedFlagGroup>();
        var groupIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in Entries(yaml, file, YamlNodes.Field(map, "groups"), "field 'groups'", "each group", ["id", "title", "audience", "items", "notes"], "a group", problems))
        {
            var id = SlugId(yaml, file, g, groupIds, "group", problems);
            var audience = yaml.Texts(g, "audience");
            foreach (var track in audience.Where(t => !Tracks.Contains(t, StringComparer.Ordinal)))
            {
                problems.Add(Problem(file, g, "audience", $"group '{id}': '{track}' is not a course track; use {string.Join(" or ", Tracks)}"));
            }
            if (audience.Count == 0 && YamlNodes.Field(g, "audience") is YamlSequenceNode)
            {
                problems.Add(Problem(file, g, "audience", $"group '{id}': name at least one track"));
            }
            var items = CitedList(yaml, file, g, "items", sources, problems, MaxItemLength);
            if (items.Count == 0 && YamlNodes.Field(g, "items") is { } itemsNode)
            {
                problems.Add(new ContentProblem(file, YamlNodes.Line(itemsNode), $"field 'items': group '{id}' needs at least one item"));
            }
            var notes = new List<RedFlagNote>();
            var noteIds = new HashSet<string>(StringComparer.Ordinal);
            if (YamlNodes.Field(g, "notes") is { } notesNode)
            {
                foreach (var n in yaml.Sequence(notesNode, "field 'notes'")?.Children ?? [])
                {
                    if (yaml.Mapping(n, "each note") is not { } note)
                    {
                        continue;
                    }
                    Unknown(file, note, ["id", "text", "protocolSection", "sources"], "a note", problems);
                    var noteId = SlugId(yaml, file, note, noteIds, "note", problems);
                    var section = yaml.Text(note, "protocolSection", required: false);
                    if (section.Length > 0)
                    {
                        CheckSection(file, note, "protocolSection", section, headingIds, problems);
                    }
                    notes.Add(new RedFlagNote(noteId, yaml.Text(note, "text"), section.Length > 0 ? section : null, Cited(yaml, file, note, sources, problems)));
                }
            }
            groups.Add(new RedFlagGroup(id, yaml.Text(g, "title"), audience, items, notes));
        }
        if (groups.Count == 0 && YamlNodes.Field(map, "groups") is YamlSequenceNode empty)
        {
            problems.Add(new ContentProblem(file, YamlNodes.Line(empty), "field 'groups': list at least one group"));
        }
        return new RedFlagList(version, yaml.Text(map, "title"), courseId, module, caveats, nextText, nextSection, groups);
    }

    private static void CheckSection(string file, YamlMappingNode map, string field, string section, IReadOnlySet<string> headingIds, List<ContentProblem> problems)
    {
        if (section.Length > 0 && headingIds.Count > 0 && !headingIds.Contains(section))
        {
            problems.Add(Problem(file, map, field.Split('.').Last(), $"'{section}' is not a heading id of {ProtocolFile}", field));
        }
    }

    // ---------------------------------------------------------------- protocol.md

    private static readonly string[] ProtocolKeys = ["id", "version", "title", "bibliography", "resources", "basedOn", "notLegalAdvice", "branches", "summary", "sources"];

    private static DefaultProtocol? ReadProtocol(string folder, Func<string, IReadOnlyDictionary<string, ToolkitSource>?> sourcesFor, List<ContentProblem> problems)
    {
        var file = ProtocolFile;
        if (Open(folder, file, problems) is not { } text)
        {
            return null;
        }
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            problems.Add(new ContentProblem(file, 1, "the protocol starts with front matter between '---' lines"));
            return null;
        }
        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0)
        {
            problems.Add(new ContentProblem(file, 1, "the front matter has no closing '---' line"));
            return null;
        }
        var front = new List<ContentProblem>();
        var yaml = new YamlNodes(file, front);
        var map = yaml.Mapping(yaml.Parse(string.Join('\n', lines[1..end])), "the front matter");
        var body = string.Join('\n', lines[(end + 1)..]);
        var bodyOffset = end + 1;
        if (map is null)
        {
            problems.AddRange(front.Select(p => p with { Line = p.Line + 1 }));
            return null;
        }
        Unknown(file, map, ProtocolKeys, "the front matter", front);
        var (version, sources) = Header(yaml, file, map, sourcesFor, front);
        var resources = yaml.Texts(map, "resources", required: false);
        foreach (var resource in resources.Where(r => r != NationalResources.HotlineId))
        {
            front.Add(Problem(file, map, "resources", $"unknown national resource '{resource}'; the protocol can name {NationalResources.HotlineId}"));
        }
        if (yaml.Text(map, "notLegalAdvice") is { Length: > 0 } notLegal && notLegal != "true")
        {
            front.Add(Problem(file, map, "notLegalAdvice", "must be true: the protocol is not legal advice and says so"));
        }
        yaml.Text(map, "basedOn");
        var branches = yaml.Texts(map, "branches");
        var summary = yaml.Text(map, "summary");
        var declared = yaml.Texts(map, "sources");
        var ids = ProtocolText.HeadingIds(body).Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var branch in branches.Append(summary).Where(b => b.Length > 0 && !ids.Contains(b)))
        {
            front.Add(Problem(file, map, branch == summary ? "summary" : "branches", $"'{branch}' is not a heading id of the body"));
        }

        // Body checks, reported with their line in the file.
        foreach (var problem in ProtocolText.Check(body, sources.Keys.ToHashSet(StringComparer.Ordinal)))
        {
            problems.Add(new ContentProblem(file, problem.Line + bodyOffset, problem.Message));
        }
        var cited = ProtocolText.Citations(body).ToHashSet(StringComparer.Ordinal);
        var sourcesLine = YamlNodes.Field(map, "sources") is { } sourcesNode ? YamlNodes.Line(sourcesNode) : 1;
        foreach (var key in cited.Where(k => !declared.Contains(k)).Order(StringComparer.Ordinal))
        {
            front.Add(new ContentProblem(file, sourcesLine, $"field 'sources': the body cites {key}, which is not listed"));
        }
        foreach (var key in declared.Where(k => !cited.Contains(k)))
        {
            front.Add(new ContentProblem(file, sourcesLine, $"field 'sources': {key} is listed but not cited in the body"));
        }
        foreach (var key in declared.Where(k => !sources.ContainsKey(k)))
        {
            front.Add(new ContentProblem(file, sourcesLine, $"field 'sources': unknown citation key '{key}'"));
        }
        problems.AddRange(front.Select(p => p with { Line = p.Line + 1 }));
        return new DefaultProtocol(yaml.Text(map, "id", required: false), version, yaml.Text(map, "title", required: false), body, branches, summary, declared);
    }

    // ---------------------------------------------------------------- icd10.yaml

    private static IcdCodeSet? ReadCodes(string folder, Func<string, IReadOnlyDictionary<string, ToolkitSource>?> sourcesFor, List<ContentProblem> problems)
    {
        var file = CodesFile;
        if (Open(folder, file, problems) is not { } text)
        {
            return null;
        }
        HotlineLiterals(file, text, problems);
        var yaml = new YamlNodes(file, problems);
        if (yaml.Mapping(yaml.Parse(text), file) is not { } map)
        {
            return null;
        }
        Unknown(file, map, ["id", "version", "title", "bibliography", "codeSystem", "expectedCount", "about", "currency", "seventhCharacters", "families", "categories", "codes", "notes"], "the file", problems);
        var (version, sources) = Header(yaml, file, map, sourcesFor, problems);
        if (yaml.Text(map, "codeSystem") is { Length: > 0 } system && system != "ICD-10-CM")
        {
            problems.Add(Problem(file, map, "codeSystem", $"'{system}' must be ICD-10-CM"));
        }
        var expected = yaml.Integer(map, "expectedCount", 1, 1000);
        var about = CitedList(yaml, file, map, "about", sources, problems, maxLength: null);

        var currency = new IcdCurrency("", DateOnly.MinValue, null, "");
        if (yaml.Mapping(YamlNodes.Field(map, "currency"), "field 'currency'") is { } c)
        {
            Unknown(file, c, ["codeSetAddedIn", "effectiveFrom", "lastVerified", "reviewEvery"], "'currency'", problems);
            var effective = Date(yaml, file, c, "effectiveFrom", required: true, problems) ?? DateOnly.MinValue;
            var verified = Date(yaml, file, c, "lastVerified", required: false, problems);
            currency = new IcdCurrency(yaml.Text(c, "codeSetAddedIn"), effective, verified, yaml.Text(c, "reviewEvery"));
        }

        var sevenths = new List<IcdSeventhCharacter>();
        foreach (var s in Entries(yaml, file, YamlNodes.Field(map, "seventhCharacters"), "field 'seventhCharacters'", "each seventh character", ["character", "encounter", "label", "sources"], "a seventh character", problems))
        {
            var character = yaml.Text(s, "character");
            var encounter = yaml.Text(s, "encounter");
            if (encounter.Length > 0 && (!Encounters.TryGetValue(encounter, out var expectedCharacter) || expectedCharacter != character))
            {
                problems.Add(Problem(file, s, "encounter", $"'{encounter}' does not go with character '{character}' (A initial, D subsequent, S sequela)"));
            }
            sevenths.Add(new IcdSeventhCharacter(character, encounter, yaml.Text(s, "label"), Cited(yaml, file, s, sources, problems)));
        }

        var families = new List<IcdFamily>();
        foreach (var f in Entries(yaml, file, YamlNodes.Field(map, "families"), "field 'families'", "each family", ["family", "category", "description"], "a family", problems))
        {
            var family = yaml.Text(f, "family");
            if (family.Length > 0 && !FamilyPattern().IsMatch(family))
            {
                problems.Add(Problem(file, f, "family", $"'{family}' must look like T74.51- (a T74 or T76 subcategory ending in '-')"));
            }
            if (families.Any(x => x.Family == family))
            {
                problems.Add(Problem(file, f, "family", $"duplicate family '{family}'"));
            }
            var category = yaml.Text(f, "category");
            CheckOneOf(file, f, "category", category, CodeCategories, problems);
            families.Add(new IcdFamily(family, category, yaml.Text(f, "description")));
        }

        var categories = new List<IcdCategory>();
        foreach (var cat in Entries(yaml, file, YamlNodes.Field(map, "categories"), "field 'categories'", "each category", ["id", "label", "meaning", "sources"], "a category", problems))
        {
            var id = yaml.Text(cat, "id");
            CheckOneOf(file, cat, "id", id, CodeCategories, problems);
            if (categories.Any(x => x.Id == id))
            {
                problems.Add(Problem(file, cat, "id", $"duplicate category '{id}'"));
            }
            categories.Add(new IcdCategory(id, yaml.Text(cat, "label"), yaml.Text(cat, "meaning"), Cited(yaml, file, cat, sources, problems)));
        }

        var codes = new List<IcdCode>();
        var codesNode = YamlNodes.Field(map, "codes");
        foreach (var k in Entries(yaml, file, codesNode, "field 'codes'", "each code", ["code", "family", "category", "population", "exploitation", "encounter", "description", "sources"], "a code", problems))
        {
            var code = yaml.Text(k, "code");
            if (code.Length > 0 && !CodePattern().IsMatch(code))
            {
                problems.Add(Problem(file, k, "code", $"'{code}' is not written like an ICD-10-CM code (for example T74.51XA or Z04.81)"));
            }
            if (codes.Any(x => x.Code == code))
            {
                problems.Add(Problem(file, k, "code", $"duplicate code '{code}'"));
            }
            var category = yaml.Text(k, "category");
            CheckOneOf(file, k, "category", category, CodeCategories, problems);
            var population = yaml.Text(k, "population");
            CheckOneOf(file, k, "population", population, Populations, problems);
            var exploitation = yaml.Text(k, "exploitation");
            CheckOneOf(file, k, "exploitation", exploitation, Exploitations, problems);
            var familyText = yaml.Text(k, "family", required: false);
            var encounterText = yaml.Text(k, "encounter", required: false);
            var isExtended = code.StartsWith("T74.", StringComparison.Ordinal) || code.StartsWith("T76.", StringComparison.Ordinal);
            if (isExtended)
            {
                if (familyText.Length == 0)
                {
                    problems.Add(Problem(file, k, "family", $"code '{code}': a T74/T76 code names its family (for example T74.51-)"));
                }
                else if (families.FirstOrDefault(f => f.Family == familyText) is not { } family)
                {
                    problems.Add(Problem(file, k, "family", $"code '{code}': family '{familyText}' is not listed under families"));
                }
                else
                {
                    if (!code.StartsWith(familyText.TrimEnd('-'), StringComparison.Ordinal))
                    {
                        problems.Add(Problem(file, k, "family", $"code '{code}' does not belong to family '{familyText}'"));
                    }
                    if (family.Category != category)
                    {
                        problems.Add(Problem(file, k, "category", $"code '{code}': category '{category}' differs from its family's '{family.Category}'"));
                    }
                }
                if (encounterText.Length == 0)
                {
                    problems.Add(Problem(file, k, "encounter", $"code '{code}': a T74/T76 code gives its encounter (initial, subsequent or sequela)"));
                }
                else if (!Encounters.TryGetValue(encounterText, out var character))
                {
                    problems.Add(Problem(file, k, "encounter", $"code '{code}': '{encounterText}' must be initial, subsequent or sequela"));
                }
                else if (!code.EndsWith(character, StringComparison.Ordinal))
                {
                    problems.Add(Problem(file, k, "encounter", $"code '{code}': its 7th character '{code[^1]}' does not match encounter '{encounterText}' ({character})"));
                }
            }
            else
            {
                if (familyText.Length > 0)
                {
                    problems.Add(Problem(file, k, "family", $"code '{code}': only T74/T76 codes belong to a family"));
                }
                if (encounterText.Length > 0)
                {
                    problems.Add(Problem(file, k, "encounter", $"code '{code}': only T74/T76 codes have an encounter character"));
                }
            }
            codes.Add(new IcdCode(code, isExtended && familyText.Length > 0 ? familyText : null, category, population, exploitation,
                isExtended && encounterText.Length > 0 ? encounterText : null, yaml.Text(k, "description"), Cited(yaml, file, k, sources, problems)));
        }
        var codesLine = codesNode is null ? 1 : YamlNodes.Line(codesNode);
        if (expected > 0 && codes.Count != expected)
        {
            problems.Add(new ContentProblem(file, codesLine, $"field 'codes': {codes.Count} codes listed, but expectedCount is {expected}"));
        }
        foreach (var family in families)
        {
            var characters = codes.Where(x => x.Family == family.Family).Select(x => x.Code[^1..]).Order(StringComparer.Ordinal).ToList();
            if (!characters.SequenceEqual(["A", "D", "S"]))
            {
                problems.Add(new ContentProblem(file, codesLine, $"field 'codes': family {family.Family} must have exactly the A, D and S codes (has {(characters.Count == 0 ? "none" : string.Join(", ", characters))})"));
            }
        }
        foreach (var category in CodeCategories.Where(x => categories.Count > 0 && categories.All(y => y.Id != x)))
        {
            problems.Add(new ContentProblem(file, YamlNodes.Line(YamlNodes.Field(map, "categories")!), $"field 'categories': category '{category}' is not described"));
        }

        var notes = new List<IcdNote>();
        var noteIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in Entries(yaml, file, YamlNodes.Field(map, "notes"), "field 'notes'", "each note", ["id", "text", "appliesTo", "confidence", "sources"], "a note", problems))
        {
            var id = SlugId(yaml, file, n, noteIds, "note", problems);
            var confidence = yaml.Text(n, "confidence");
            CheckOneOf(file, n, "confidence", confidence, ["H", "M"], problems);
            var applies = yaml.Texts(n, "appliesTo", required: false);
            foreach (var target in applies.Where(t => codes.All(x => x.Code != t) && families.All(f => f.Family != t)))
            {
                problems.Add(Problem(file, n, "appliesTo", $"note '{id}': '{target}' is neither a listed code nor a family"));
            }
            notes.Add(new IcdNote(id, yaml.Text(n, "text"), confidence, applies, Cited(yaml, file, n, sources, problems)));
        }
        return new IcdCodeSet(version, yaml.Text(map, "title"), about, currency, sevenths, families, categories, codes, notes);
    }

    // ---------------------------------------------------------------- reporting.yaml

    private static ReportingGuide? ReadReporting(string folder, Func<string, IReadOnlyDictionary<string, ToolkitSource>?> sourcesFor, IReadOnlyList<Jurisdiction> jurisdictions, List<ContentProblem> problems)
    {
        var file = ReportingFile;
        if (Open(folder, file, problems) is not { } text)
        {
            return null;
        }
        HotlineLiterals(file, text, problems);
        var yaml = new YamlNodes(file, problems);
        if (yaml.Mapping(yaml.Parse(text), file) is not { } map)
        {
            return null;
        }
        Unknown(file, map, ["id", "version", "title", "bibliography", "adultAge", "situations", "rules"], "the file", problems);
        var (version, sources) = Header(yaml, file, map, sourcesFor, problems);
        var adultAge = yaml.Integer(map, "adultAge", 1, 30);

        var situations = new List<ReportingSituation>();
        var situationIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in Entries(yaml, file, YamlNodes.Field(map, "situations"), "field 'situations'", "each situation", ["id", "label", "hint"], "a situation", problems))
        {
            situations.Add(new ReportingSituation(SlugId(yaml, file, s, situationIds, "situation", problems), yaml.Text(s, "label"), yaml.Text(s, "hint")));
        }

        var duties = jurisdictions.SelectMany(j => j.Duties.Select(d => (j.State, Duty: d))).ToList();
        var states = jurisdictions.Select(j => j.State).ToHashSet(StringComparer.Ordinal);
        var rules = new List<ReportingRule>();
        var ruleIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in Entries(yaml, file, YamlNodes.Field(map, "rules"), "field 'rules'", "each rule", ["id", "kind", "duty", "title", "text", "citation", "confidence", "unconfirmed", "sources", "when"], "a rule", problems))
        {
            var id = SlugId(yaml, file, r, ruleIds, "rule", problems);
            var kindText = yaml.Text(r, "kind");
            var kind = kindText switch
            {
                "duty" => ReportingKind.Duty,
                "permission" => ReportingKind.Permission,
                "note" => ReportingKind.Note,
                _ => (ReportingKind?)null,
            };
            if (kind is null && kindText.Length > 0)
            {
                problems.Add(Problem(file, r, "kind", $"rule '{id}': '{kindText}' must be duty, permission or note"));
            }

            var when = new ReportingWhen(null, [], [], []);
            if (YamlNodes.Field(r, "when") is { } whenNode && yaml.Mapping(whenNode, "field 'when'") is { } w)
            {
                Unknown(file, w, ["age", "states", "notStates", "situations"], "'when'", problems);
                var age = yaml.Text(w, "age", required: false);
                if (age.Length > 0)
                {
                    CheckOneOf(file, w, "age", age, Ages, problems);
                }
                var ruleStates = yaml.Texts(w, "states", required: false);
                var notStates = yaml.Texts(w, "notStates", required: false);
                foreach (var state in ruleStates.Concat(notStates).Where(s => !states.Contains(s)))
                {
                    problems.Add(Problem(file, w, ruleStates.Contains(state) ? "states" : "notStates", $"rule '{id}': '{state}' is not a state of the jurisdiction catalogue"));
                }
                var ruleSituations = yaml.Texts(w, "situations", required: false);
                foreach (var situation in ruleSituations.Where(s => !situationIds.Contains(s)))
                {
                    problems.Add(Problem(file, w, "situations", $"rule '{id}': unknown situation '{situation}'"));
                }
                when = new ReportingWhen(age.Length > 0 ? age : null, ruleStates, notStates, ruleSituations);
            }
            else
            {
                problems.Add(Problem(file, r, "when", $"rule '{id}': missing field 'when' (say when the rule applies)"));
            }

            var dutyId = yaml.Text(r, "duty", required: false);
            if (dutyId.Length > 0)
            {
                // The catalogue holds the duty's words, citation and confidence; the rule only says when it applies.
                foreach (var extra in CatalogueFields.Where(f => YamlNodes.Field(r, f) is not null))
                {
                    problems.Add(Problem(file, r, extra, $"rule '{id}': a rule naming a catalogue duty takes its {extra} from the catalogue"));
                }
                var match = duties.FirstOrDefault(d => d.Duty.Id == dutyId);
                if (match.Duty is null)
                {
                    problems.Add(Problem(file, r, "duty", $"rule '{id}': no reporting duty '{dutyId}' in content/jurisdictions"));
                }
                else if (when.States.Count != 1 || when.States[0] != match.State)
                {
                    problems.Add(Problem(file, r, "when", $"rule '{id}': duty '{dutyId}' is {match.State}'s, so 'when' must name states: [{match.State}]"));
                }
                if (kind is not ReportingKind.Duty && kind is not null)
                {
                    problems.Add(Problem(file, r, "kind", $"rule '{id}': a catalogue duty is of kind duty"));
                }
                rules.Add(new ReportingRule(id, ReportingKind.Duty, match.Duty?.Title ?? "", match.Duty?.Text ?? "", match.Duty?.Citation, dutyId,
                    match.Duty?.Confidence ?? Confidence.Low, null, [], when, YamlNodes.Line(r)));
                continue;
            }

            Citation? citation = null;
            if (yaml.Mapping(YamlNodes.Field(r, "citation"), $"field 'citation' of rule '{id}'") is { } cit)
            {
                Unknown(file, cit, ["text", "url"], "a citation", problems);
                var url = yaml.Text(cit, "url");
                CheckUrl(file, cit, "url", url, problems);
                citation = new Citation(yaml.Text(cit, "text"), url);
            }
            var confidenceText = yaml.Text(r, "confidence");
            var confidence = confidenceText switch
            {
                "high" => Confidence.High,
                "medium" => Confidence.Medium,
                "low" => Confidence.Low,
                _ => (Confidence?)null,
            };
            if (confidence is null && confidenceText.Length > 0)
            {
                problems.Add(Problem(file, r, "confidence", $"rule '{id}': '{confidenceText}' must be high, medium or low"));
            }
            var unconfirmed = yaml.Text(r, "unconfirmed", required: false);
            if (confidence is Confidence.Medium or Confidence.Low && unconfirmed.Length == 0)
            {
                problems.Add(Problem(file, r, "unconfirmed", $"rule '{id}': a rule of {confidenceText} confidence says what is not confirmed"));
            }
            rules.Add(new ReportingRule(id, kind ?? ReportingKind.Note, yaml.Text(r, "title"), yaml.Text(r, "text"), citation, null,
                confidence ?? Confidence.Low, unconfirmed.Length > 0 ? unconfirmed : null, Cited(yaml, file, r, sources, problems), when, YamlNodes.Line(r)));
        }
        return new ReportingGuide(version, yaml.Text(map, "title"), adultAge, situations, rules);
    }

    // ---------------------------------------------------------------- shared checks

    private static string? Open(string folder, string file, List<ContentProblem> problems)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            problems.Add(new ContentProblem(file, 0, "missing: the toolkit needs this file"));
            return null;
        }
        return File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>id, version, title and bibliography: the header every toolkit file starts with.</summary>
    private static (string Version, IReadOnlyDictionary<string, ToolkitSource> Sources) Header(
        YamlNodes yaml, string file, YamlMappingNode map, Func<string, IReadOnlyDictionary<string, ToolkitSource>?> sourcesFor, List<ContentProblem> problems)
    {
        var id = yaml.Text(map, "id");
        if (id.Length > 0 && !Slug().IsMatch(id))
        {
            problems.Add(Problem(file, map, "id", $"'{id}' must be lower-case letters, digits and hyphens"));
        }
        var version = yaml.Text(map, "version");
        if (version.Length > 0 && !VersionPattern().IsMatch(version))
        {
            problems.Add(Problem(file, map, "version", $"'{version}' must look like 1.0.0"));
        }
        yaml.Text(map, "title");
        var bibliography = yaml.Text(map, "bibliography");
        var sources = sourcesFor(bibliography);
        if (bibliography.Length > 0 && sources is null)
        {
            problems.Add(Problem(file, map, "bibliography", $"no course package '{bibliography}' with a bibliography.yaml under content/courses"));
        }
        return (version, sources ?? new Dictionary<string, ToolkitSource>(StringComparer.Ordinal));
    }

    private static List<CitedText> CitedList(YamlNodes yaml, string file, YamlMappingNode map, string field, IReadOnlyDictionary<string, ToolkitSource> sources, List<ContentProblem> problems, int? maxLength)
    {
        var list = new List<CitedText>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Entries(yaml, file, YamlNodes.Field(map, field), $"field '{field}'", $"each entry of '{field}'", ["id", "text", "sources"], $"an entry of '{field}'", problems))
        {
            var id = SlugId(yaml, file, item, ids, field, problems);
            var text = yaml.Text(item, "text");
            if (maxLength is { } max && text.Length > max)
            {
                problems.Add(Problem(file, item, "text", $"'{id}' is {text.Length} characters; keep it to {max} so it reads on a phone"));
            }
            list.Add(new CitedText(id, text, Cited(yaml, file, item, sources, problems)));
        }
        return list;
    }

    /// <summary>The item's 'sources' list: present, not empty, each key known.</summary>
    private static IReadOnlyList<string> Cited(YamlNodes yaml, string file, YamlMappingNode map, IReadOnlyDictionary<string, ToolkitSource> sources, List<ContentProblem> problems)
    {
        var node = YamlNodes.Field(map, "sources");
        if (node is null)
        {
            problems.Add(Problem(file, map, "sources", "missing: every fact is cited (sources: [S12])"));
            return [];
        }
        var keys = yaml.Texts(map, "sources");
        if (keys.Count == 0)
        {
            problems.Add(new ContentProblem(file, YamlNodes.Line(node), "field 'sources': list at least one citation key"));
        }
        foreach (var key in keys)
        {
            if (!ContentLoader.CitationKey().IsMatch(key))
            {
                problems.Add(new ContentProblem(file, YamlNodes.Line(node), $"field 'sources': '{key}' must look like S12 or S29a"));
            }
            else if (!sources.ContainsKey(key))
            {
                problems.Add(new ContentProblem(file, YamlNodes.Line(node), $"field 'sources': unknown citation key '{key}' (not in the course bibliography or {SourcesFile})"));
            }
        }
        return keys;
    }

    private static string SlugId(YamlNodes yaml, string file, YamlMappingNode map, HashSet<string> ids, string what, List<ContentProblem> problems)
    {
        var id = yaml.Text(map, "id");
        if (id.Length == 0)
        {
            return id;
        }
        if (!Slug().IsMatch(id))
        {
            problems.Add(Problem(file, map, "id", $"'{id}' must be lower-case letters, digits and hyphens"));
        }
        else if (!ids.Add(id))
        {
            problems.Add(Problem(file, map, "id", $"duplicate {what} id '{id}'"));
        }
        return id;
    }

    private static void CheckOneOf(string file, YamlMappingNode map, string field, string value, string[] allowed, List<ContentProblem> problems)
    {
        if (value.Length > 0 && !allowed.Contains(value, StringComparer.Ordinal))
        {
            problems.Add(Problem(file, map, field, $"'{value}' must be one of {string.Join(", ", allowed)}"));
        }
    }

    private static void CheckUrl(string file, YamlMappingNode map, string field, string url, List<ContentProblem> problems)
    {
        if (url.Length > 0 && (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https")))
        {
            problems.Add(Problem(file, map, field, $"'{url}' must be an http or https address"));
        }
    }

    private static DateOnly? Date(YamlNodes yaml, string file, YamlMappingNode map, string field, bool required, List<ContentProblem> problems)
    {
        var node = YamlNodes.Field(map, field);
        if (node is YamlScalarNode { Value: "null" or "~" or "" } || (node is null && !required))
        {
            if (required)
            {
                problems.Add(Problem(file, map, field, "must be a date written 2026-01-31"));
            }
            return null;
        }
        var text = yaml.Text(map, field);
        if (text.Length == 0)
        {
            return null;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            problems.Add(Problem(file, map, field, $"'{text}' must be a date written 2026-01-31 (or null)"));
            return null;
        }
        return date;
    }

    private static void HotlineLiterals(string file, string text, List<ContentProblem> problems)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (ModuleMarkdown.HotlineLiteral().IsMatch(lines[i]))
            {
                problems.Add(new ContentProblem(file, i + 1, "hotline contact details are written into the text: refer to the national-hotline resource (or the {{hotline.*}} placeholders), which show the current, verified details"));
            }
        }
    }

    /// <summary>
    /// The mappings of a list, each checked for keys outside <paramref name="known"/>; the list not being a list, or an
    /// entry not being a mapping, is reported (<paramref name="listDescription"/>, <paramref name="eachDescription"/>)
    /// and the entry skipped.
    /// </summary>
    private static IEnumerable<YamlMappingNode> Entries(YamlNodes yaml, string file, YamlNode? list, string listDescription, string eachDescription, string[] known, string what, List<ContentProblem> problems)
    {
        foreach (var node in yaml.Sequence(list, listDescription)?.Children ?? [])
        {
            if (yaml.Mapping(node, eachDescription) is { } entry)
            {
                Unknown(file, entry, known, what, problems);
                yield return entry;
            }
        }
    }

    private static void Unknown(string file, YamlMappingNode map, string[] known, string what, List<ContentProblem> problems)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                problems.Add(new ContentProblem(file, YamlNodes.Line(key), $"field '{name}': unknown key in {what}; known keys: {string.Join(", ", known)}"));
            }
        }
    }

    /// <summary>A problem with a field: at the field's line when present, else at its mapping's.</summary>
    private static ContentProblem Problem(string file, YamlMappingNode map, string field, string reason, string? shownField = null)
    {
        var node = YamlNodes.Field(map, field);
        return new ContentProblem(file, node is null ? YamlNodes.Line(map) : YamlNodes.Line(node), $"field '{shownField ?? field}': {reason}");
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^T7[46]\.\d\d-$")]
    private static partial Regex FamilyPattern();

    [GeneratedRegex(@"^[A-Z]\d\d(\.[0-9A-Z]{1,4})?$")]
    private static partial Regex CodePattern();
}
