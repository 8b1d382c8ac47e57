using System.Globalization;
using System.Text.RegularExpressions;
using Markdig;

namespace Beacon.Features.Courses;

/// <summary>Values the lesson placeholders stand for, for one practice at one moment.</summary>
public sealed record LessonContext(string PracticeName, string? EmployeeAssistance, NationalResource? Hotline);

/// <summary>
/// Turns lesson Markdown into safe HTML: raw HTML in the source is not passed through, placeholders are
/// filled with current data (encoded), and citation keys become links to the module's source list.
/// </summary>
public static partial class LessonRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .Build();

    public static string ToHtml(string markdown, LessonContext context)
    {
        // Data is escaped for Markdown; DisableHtml then turns any markup in it into text.
        var filled = Token().Replace(markdown, m => EscapeMarkdown(Value(m.Groups[1].Value, context)));
        var html = Markdown.ToHtml(filled, Pipeline);
        return Citation().Replace(html, m => $"<a class=\"citation\" href=\"#source-{m.Groups[1].Value}\">[{m.Groups[1].Value}]</a>");
    }

    /// <summary>Plain text with placeholders filled (for speaker notes, discussion questions, PDFs).</summary>
    public static string Fill(string text, LessonContext context) =>
        Token().Replace(text, m => Value(m.Groups[1].Value, context));

    /// <summary>Every citation key in the text, in order of first appearance.</summary>
    public static IEnumerable<string> Citations(string text) =>
        Citation().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal);

    private static string Value(string token, LessonContext context)
    {
        var hotline = context.Hotline;
        var value = token switch
        {
            "hotline.name" => hotline?.Name ?? "the national human trafficking hotline",
            "hotline.phone" => hotline?.Phone ?? "(see the referral directory)",
            "hotline.text" => hotline?.Text ?? "(see the referral directory)",
            "hotline.web" => hotline?.Web ?? "(see the referral directory)",
            "hotline.lastVerified" => hotline?.LastVerified.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture) ?? "(not recorded)",
            "practice.name" => context.PracticeName,
            "practice.eapContact" => string.IsNullOrWhiteSpace(context.EmployeeAssistance) ? "your practice administrator" : context.EmployeeAssistance,
            _ => token,
        };
        return value;
    }

    private static string EscapeMarkdown(string value) => MarkdownSpecial().Replace(value, @"\$1");

    [GeneratedRegex(@"\{\{([A-Za-z.]+)\}\}")]
    private static partial Regex Token();

    [GeneratedRegex(@"\[(S\d+[a-z]?)\]")]
    private static partial Regex Citation();

    [GeneratedRegex(@"([\\`*_\[\]<>&#!|])")]
    private static partial Regex MarkdownSpecial();
}
