using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Beacon.Features.Courses;

/// <summary>
/// Reads one module file: YAML front matter (id, title, order, tracks, minutes, objectives) and a body of
/// H2 blocks — "## Section: …", "## Vignette: …" (with "Setting:" and "### Discussion") and
/// "## Knowledge check" ("Questions: A, B") — each with an optional ```notes block of speaker notes.
/// </summary>
internal static partial class ModuleMarkdown
{
    public static CourseModule? Read(string file, string[] lines, IReadOnlyList<string> courseTracks, IReadOnlySet<string> citationKeys, List<ContentProblem> problems)
    {
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            problems.Add(new ContentProblem(file, 1, "a module starts with front matter between '---' lines"));
            return null;
        }
        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0)
        {
            problems.Add(new ContentProblem(file, 1, "the front matter has no closing '---' line"));
            return null;
        }

        // Front matter: YAML lines 2..end, reported with their file line numbers.
        var frontProblems = new List<ContentProblem>();
        var yaml = new YamlNodes(file, frontProblems);
        var map = yaml.Mapping(yaml.Parse(string.Join('\n', lines[1..end])), "the front matter");
        var id = map is null ? "" : yaml.Text(map, "id");
        var title = map is null ? "" : yaml.Text(map, "title");
        var order = map is null ? 0 : yaml.Integer(map, "order", 1, 99);
        var tracks = map is null ? [] : yaml.Texts(map, "tracks");
        var objectives = map is null ? [] : yaml.Texts(map, "objectives", required: false);
        var minutes = new Dictionary<string, int>(StringComparer.Ordinal);
        if (map is not null && YamlNodes.Field(map, "minutes") is YamlMappingNode minuteMap)
        {
            foreach (var (key, value) in minuteMap.Children)
            {
                if (key is YamlScalarNode { Value: { } track } && value is YamlScalarNode { Value: { } text } && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
                {
                    minutes[track] = n;
                }
                else
                {
                    frontProblems.Add(new ContentProblem(file, YamlNodes.Line(key), "minutes must map each track to a whole number of minutes"));
                }
            }
        }
        else if (map is not null)
        {
            frontProblems.Add(new ContentProblem(file, YamlNodes.Line(map), "missing field 'minutes' (minutes per track)"));
        }
        problems.AddRange(frontProblems.Select(p => p with { Line = p.Line + 1 }));

        if (map is not null && (objectives.Count is < 3 or > 5))
        {
            problems.Add(new ContentProblem(file, 2, $"module '{id}' needs 3 to 5 learning objectives (has {objectives.Count})"));
        }
        foreach (var track in tracks.Where(t => !courseTracks.Contains(t)))
        {
            problems.Add(new ContentProblem(file, 2, $"module '{id}' names track '{track}', which course.yaml does not define"));
        }
        foreach (var track in tracks.Where(t => !minutes.ContainsKey(t)))
        {
            problems.Add(new ContentProblem(file, 2, $"module '{id}' gives no minutes for track '{track}'"));
        }

        var parts = ReadBody(file, lines, end + 1, tracks, citationKeys, problems);
        if (!parts.Any(p => p.Kind == ModulePartKind.Section))
        {
            problems.Add(new ContentProblem(file, end + 2, $"module '{id}' has no lesson section"));
        }
        if (!parts.Any(p => p.Kind == ModulePartKind.Vignette))
        {
            problems.Add(new ContentProblem(file, end + 2, $"module '{id}' has no case vignette"));
        }
        if (!parts.Any(p => p.Kind == ModulePartKind.KnowledgeCheck))
        {
            problems.Add(new ContentProblem(file, end + 2, $"module '{id}' has no knowledge check"));
        }
        foreach (var track in tracks.Where(t => !parts.Any(p => p.Kind == ModulePartKind.Section && p.Tracks.Contains(t))))
        {
            problems.Add(new ContentProblem(file, end + 2, $"module '{id}' has no section for track '{track}'"));
        }
        return new CourseModule(id, title, order, tracks, minutes, objectives, parts);
    }

    private sealed class PartBuilder(ModulePartKind kind, string title, int line, IReadOnlyList<string> moduleTracks)
    {
        public ModulePartKind Kind { get; } = kind;
        public string Title { get; } = title;
        public int Line { get; } = line;
        public IReadOnlyList<string> Tracks { get; set; } = moduleTracks;
        public string? Setting { get; set; }
        public List<string> QuestionIds { get; } = [];
        public StringBuilder Body { get; } = new();
        public List<string> Discussion { get; } = [];
        public string? Notes { get; set; }
        public bool InDiscussion { get; set; }
        public bool HeaderDone { get; set; }
    }

    private static List<ModulePart> ReadBody(string file, string[] lines, int start, IReadOnlyList<string> moduleTracks, IReadOnlySet<string> citationKeys, List<ContentProblem> problems)
    {
        var parts = new List<ModulePart>();
        PartBuilder? current = null;
        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = i + 1;
            CheckInline(file, number, line, citationKeys, problems);

            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Finish(file, current, parts, problems);
                current = StartPart(file, number, line[3..].Trim(), moduleTracks, problems);
                continue;
            }
            if (current is null)
            {
                if (line.Trim().Length > 0)
                {
                    problems.Add(new ContentProblem(file, number, "text before the first '## Section:', '## Vignette:' or '## Knowledge check' heading"));
                }
                continue;
            }
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                var fence = line.Trim();
                var close = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
                if (fence != "```notes")
                {
                    problems.Add(new ContentProblem(file, number, "only ```notes blocks (speaker notes) are allowed in a module"));
                }
                else if (close < 0)
                {
                    problems.Add(new ContentProblem(file, number, "the ```notes block is never closed"));
                }
                else if (current.Notes is not null)
                {
                    problems.Add(new ContentProblem(file, number, "a block has at most one ```notes block"));
                }
                else
                {
                    for (var n = i + 1; n < close; n++)
                    {
                        CheckInline(file, n + 1, lines[n], citationKeys, problems);
                    }
                    current.Notes = string.Join('\n', lines[(i + 1)..close]).Trim();
                }
                i = close < 0 ? lines.Length : close;
                continue;
            }
            if (!current.HeaderDone && TryHeader(file, number, line, current, moduleTracks, problems))
            {
                continue;
            }
            if (line.Trim().Length > 0)
            {
                current.HeaderDone = true;
            }
            if (current.Kind == ModulePartKind.Vignette && line.Trim() == "### Discussion")
            {
                current.InDiscussion = true;
                continue;
            }
            if (current.InDiscussion)
            {
                var item = ListItem().Match(line);
                if (item.Success)
                {
                    current.Discussion.Add(item.Groups[1].Value.Trim());
                }
                else if (line.Trim().Length > 0)
                {
                    problems.Add(new ContentProblem(file, number, "under '### Discussion' write a numbered list of questions"));
                }
                continue;
            }
            if (current.Kind == ModulePartKind.KnowledgeCheck && line.Trim().Length > 0)
            {
                problems.Add(new ContentProblem(file, number, "a knowledge check holds only its 'Questions:' line"));
                continue;
            }
            current.Body.AppendLine(line);
        }
        Finish(file, current, parts, problems);
        return parts;
    }

    private static PartBuilder? StartPart(string file, int number, string heading, IReadOnlyList<string> moduleTracks, List<ContentProblem> problems)
    {
        if (heading.StartsWith("Section:", StringComparison.Ordinal))
        {
            return new PartBuilder(ModulePartKind.Section, heading["Section:".Length..].Trim(), number, moduleTracks);
        }
        if (heading.StartsWith("Vignette:", StringComparison.Ordinal))
        {
            return new PartBuilder(ModulePartKind.Vignette, heading["Vignette:".Length..].Trim(), number, moduleTracks);
        }
        if (heading == "Knowledge check")
        {
            return new PartBuilder(ModulePartKind.KnowledgeCheck, "Knowledge check", number, moduleTracks);
        }
        problems.Add(new ContentProblem(file, number, $"unknown heading '## {heading}': use '## Section: …', '## Vignette: …' or '## Knowledge check'"));
        return null;
    }

    /// <summary>Reads the 'Tracks:', 'Setting:' and 'Questions:' lines right under a heading.</summary>
    private static bool TryHeader(string file, int number, string line, PartBuilder part, IReadOnlyList<string> moduleTracks, List<ContentProblem> problems)
    {
        if (line.StartsWith("Tracks:", StringComparison.Ordinal))
        {
            var tracks = Split(line["Tracks:".Length..]);
            foreach (var track in tracks.Where(t => !moduleTracks.Contains(t)))
            {
                problems.Add(new ContentProblem(file, number, $"track '{track}' is not one of the module's tracks ({string.Join(", ", moduleTracks)})"));
            }
            part.Tracks = tracks;
            return true;
        }
        if (line.StartsWith("Setting:", StringComparison.Ordinal))
        {
            part.Setting = line["Setting:".Length..].Trim();
            return true;
        }
        if (line.StartsWith("Questions:", StringComparison.Ordinal))
        {
            part.QuestionIds.AddRange(Split(line["Questions:".Length..]));
            return true;
        }
        return line.Trim().Length == 0 && part.Body.Length == 0;
    }

    private static void Finish(string file, PartBuilder? part, List<ModulePart> parts, List<ContentProblem> problems)
    {
        if (part is null)
        {
            return;
        }
        var body = part.Body.ToString().Trim();
        switch (part.Kind)
        {
            case ModulePartKind.Section when body.Length == 0:
                problems.Add(new ContentProblem(file, part.Line, $"section '{part.Title}' has no text"));
                break;
            case ModulePartKind.Vignette when string.IsNullOrWhiteSpace(part.Setting):
                problems.Add(new ContentProblem(file, part.Line, $"vignette '{part.Title}' needs a 'Setting:' line"));
                break;
            case ModulePartKind.Vignette when part.Discussion.Count == 0:
                problems.Add(new ContentProblem(file, part.Line, $"vignette '{part.Title}' needs discussion questions under '### Discussion'"));
                break;
            case ModulePartKind.KnowledgeCheck when part.QuestionIds.Count == 0:
                problems.Add(new ContentProblem(file, part.Line, "a knowledge check needs a 'Questions:' line"));
                break;
            default:
                break;
        }
        if (part.Title.Length == 0)
        {
            problems.Add(new ContentProblem(file, part.Line, "the heading has no title"));
        }
        parts.Add(new ModulePart(part.Kind, part.Title, part.Tracks, body, part.Setting, part.Discussion, part.QuestionIds, part.Notes));
    }

    private static void CheckInline(string file, int number, string line, IReadOnlySet<string> citationKeys, List<ContentProblem> problems)
    {
        foreach (Match match in Citation().Matches(line))
        {
            if (!citationKeys.Contains(match.Groups[1].Value))
            {
                problems.Add(new ContentProblem(file, number, $"unknown citation key '{match.Groups[1].Value}' (not in bibliography.yaml)"));
            }
        }
        foreach (Match match in Token().Matches(line))
        {
            if (!ContentLoader.Tokens.Contains(match.Groups[1].Value))
            {
                problems.Add(new ContentProblem(file, number, $"unknown placeholder '{{{{{match.Groups[1].Value}}}}}'"));
            }
        }
        if (HotlineLiteral().IsMatch(line))
        {
            problems.Add(new ContentProblem(file, number, "hotline contact details are written into the text: use the {{hotline.*}} placeholders, which show the current, verified details"));
        }
    }

    private static List<string> Split(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    [GeneratedRegex(@"\[(S\d+[a-z]?)\]")]
    internal static partial Regex Citation();

    [GeneratedRegex(@"\{\{([A-Za-z.]+)\}\}")]
    internal static partial Regex Token();

    [GeneratedRegex(@"888[\s.\-)]*373[\s.\-]*7888|\b233733\b|humantraffickinghotline\.org", RegexOptions.IgnoreCase)]
    internal static partial Regex HotlineLiteral();

    [GeneratedRegex(@"^\s*\d+\.\s+(.+)$")]
    private static partial Regex ListItem();
}
