using System.Text.RegularExpressions;
using Beacon.Features.Courses;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Beacon.Features.Toolkit;

public sealed record ProtocolHeading(int Line, int Level, string Id, string Title);

public sealed record ProtocolProblem(int Line, string Message);

/// <summary>
/// The response protocol's Markdown: the checks every version passes (the shipped default and each version a
/// practice administrator publishes) and its rendering. Raw HTML is never passed through, generic attributes
/// keep only a heading's id, links go only to web, mail, phone or in-page addresses, placeholders are filled
/// with current data and citation keys become links to the source list.
/// </summary>
public static partial class ProtocolText
{
    /// <summary>Heading ids other pages link to (red flags, screening bands, the "two taps" links): every version keeps them.</summary>
    public static readonly IReadOnlyList<string> RequiredIds = ["start", "privacy", "safety", "universal-education", "adult", "minor", "immediate-danger", "summary"];

    /// <summary>The branches staff jump to, in the order the page lists them.</summary>
    public static readonly IReadOnlyList<(string Id, string Label)> Branches = [("adult", "Adult patient"), ("minor", "Patient under 18"), ("immediate-danger", "Immediate danger")];

    public const int MaxLength = 60_000;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseGenericAttributes()
        .UsePipeTables()
        .UseEmphasisExtras()
        .Build();

    public static IReadOnlyList<ProtocolHeading> HeadingIds(string markdown)
    {
        var headings = new List<ProtocolHeading>();
        var lines = markdown.Split('\n');
        var fenced = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }
            if (!fenced && Heading().Match(line) is { Success: true } match)
            {
                headings.Add(new ProtocolHeading(i + 1, match.Groups[1].Length, match.Groups[3].Value, match.Groups[2].Value.Trim()));
            }
        }
        return headings;
    }

    /// <summary>Every citation key in the text, in order of first appearance.</summary>
    public static IEnumerable<string> Citations(string markdown) => LessonRenderer.Citations(markdown);

    /// <summary>
    /// Every problem of a protocol text, with its line: required heading ids, duplicate ids, links to missing
    /// sections, unknown citation keys and placeholders, the hotline written out instead of its placeholders.
    /// </summary>
    public static IReadOnlyList<ProtocolProblem> Check(string markdown, IReadOnlySet<string> citationKeys)
    {
        var problems = new List<ProtocolProblem>();
        if (markdown.Length > MaxLength)
        {
            problems.Add(new ProtocolProblem(1, $"the protocol is {markdown.Length:N0} characters; keep it under {MaxLength:N0}"));
        }
        var headings = HeadingIds(markdown);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var heading in headings)
        {
            if (!ids.Add(heading.Id))
            {
                problems.Add(new ProtocolProblem(heading.Line, $"heading id '{heading.Id}' is used twice"));
            }
        }
        foreach (var id in RequiredIds.Where(r => !ids.Contains(r)))
        {
            problems.Add(new ProtocolProblem(1, $"no heading with id '{id}': keep a heading ending {{#{id}}} (other pages link to it)"));
        }
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = i + 1;
            foreach (Match match in SectionLink().Matches(line))
            {
                if (!ids.Contains(match.Groups[1].Value))
                {
                    problems.Add(new ProtocolProblem(number, $"link to '#{match.Groups[1].Value}', but no heading has that id"));
                }
            }
            foreach (Match match in ModuleMarkdown.Citation().Matches(line))
            {
                if (!citationKeys.Contains(match.Groups[1].Value))
                {
                    problems.Add(new ProtocolProblem(number, $"unknown citation key '{match.Groups[1].Value}'"));
                }
            }
            foreach (Match match in ModuleMarkdown.Token().Matches(line))
            {
                if (!match.Groups[1].Value.StartsWith("hotline.", StringComparison.Ordinal) || !ContentLoader.Tokens.Contains(match.Groups[1].Value))
                {
                    problems.Add(new ProtocolProblem(number, $"unknown placeholder '{{{{{match.Groups[1].Value}}}}}'; use {string.Join(", ", ContentLoader.Tokens.Where(t => t.StartsWith("hotline.", StringComparison.Ordinal)).Select(t => "{{" + t + "}}"))}"));
                }
            }
            if (ModuleMarkdown.HotlineLiteral().IsMatch(line))
            {
                problems.Add(new ProtocolProblem(number, "the national hotline's details are written out: use the {{hotline.*}} placeholders, which show the current, verified details"));
            }
        }
        return problems;
    }

    /// <summary>The Markdown of one section: its heading and everything up to the next heading of the same or a higher level.</summary>
    public static string Section(string markdown, string id)
    {
        var lines = markdown.Split('\n');
        var headings = HeadingIds(markdown);
        var start = headings.FirstOrDefault(h => h.Id == id);
        if (start is null)
        {
            return "";
        }
        var end = headings.FirstOrDefault(h => h.Line > start.Line && h.Level <= start.Level)?.Line ?? lines.Length + 1;
        return string.Join('\n', lines[(start.Line - 1)..(end - 1)]);
    }

    /// <summary>Safe HTML of a protocol text, with the hotline's current details in its placeholders.</summary>
    public static string ToHtml(string markdown, NationalResource? hotline)
    {
        var context = new LessonContext("", null, hotline);
        var filled = ModuleMarkdown.Token().Replace(markdown, m => m.Groups[1].Value.StartsWith("hotline.", StringComparison.Ordinal)
            ? MarkdownSpecial().Replace(LessonRenderer.Fill(m.Value, context), @"\$1")
            : m.Value);
        var document = Markdown.Parse(filled, Pipeline);
        foreach (var node in document.Descendants())
        {
            if (node.TryGetAttributes() is { } attributes)
            {
                // Only a heading's id survives: no classes, styles or event attributes from the editor.
                var id = node is HeadingBlock && attributes.Id is { } value && IdPattern().IsMatch(value) ? value : null;
                node.SetAttributes(new HtmlAttributes { Id = id });
            }
            if (node is LinkInline link && !SafeUrl(link.Url))
            {
                link.Url = "#";
            }
        }
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return ModuleMarkdown.Citation().Replace(writer.ToString(), m => $"<a class=\"citation\" href=\"#source-{m.Groups[1].Value}\">[{m.Groups[1].Value}]</a>");
    }

    private static bool SafeUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }
        if (url.StartsWith('#') || (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)))
        {
            return true;
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var address) && address.Scheme is "http" or "https" or "mailto" or "tel";
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.*?)\s*\{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\]\(#([^)\s]+)\)")]
    private static partial Regex SectionLink();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"([\\`*_\[\]<>&#!|{}])")]
    private static partial Regex MarkdownSpecial();
}
