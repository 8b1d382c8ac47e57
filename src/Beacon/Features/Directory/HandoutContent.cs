using System.Text.RegularExpressions;
using Beacon.Features.Courses;
using YamlDotNet.RepresentationModel;

namespace Beacon.Features.ReferralDirectory;

/// <summary>The words of one face of the card in one language.</summary>
public sealed record CardLanguage(
    string Lang,
    string Review,
    string OutsideHeading,
    string OutsideFooter,
    string InsideHeading,
    IReadOnlyList<string> Questions,
    string Choice,
    string Clinic)
{
    public bool NeedsReview => Review.Contains("needs native-speaker review", StringComparison.OrdinalIgnoreCase);
}

public sealed record CardStaffNote(string Id, string Text);

/// <summary>content/toolkit/handout.yaml: the discreet patient card's text, in each language.</summary>
public sealed record HandoutCard(
    string Version,
    double WidthInches,
    double HeightInches,
    IReadOnlyList<string> ForbiddenWords,
    string NationalResource,
    IReadOnlyDictionary<string, string> NationalLabel,
    int LocalMax,
    IReadOnlyDictionary<string, string> CallLabel,
    IReadOnlyDictionary<string, string> TextLabel,
    IReadOnlyList<CardLanguage> Languages,
    IReadOnlyList<CardStaffNote> StaffNotes)
{
    public CardLanguage? Language(string lang) => Languages.FirstOrDefault(l => l.Lang == lang);
}

/// <summary>Reads and checks handout.yaml: every problem with file, line and reason, not only the first.</summary>
public static partial class HandoutContent
{
    public const string RelativePath = "toolkit/handout.yaml";

    public static (HandoutCard? Card, IReadOnlyList<ContentProblem> Problems) Load(string contentDirectory)
    {
        var problems = new List<ContentProblem>();
        var path = Path.Combine(contentDirectory, "toolkit", "handout.yaml");
        if (!File.Exists(path))
        {
            problems.Add(new ContentProblem(RelativePath, 1, "the file is missing"));
            return (null, problems);
        }
        var yaml = new YamlNodes(RelativePath, problems);
        if (yaml.Mapping(yaml.Parse(File.ReadAllText(path)), "the file") is not { } root)
        {
            return (null, problems);
        }
        var version = yaml.Text(root, "version");
        if (version.Length > 0 && !Version().IsMatch(version))
        {
            problems.Add(new ContentProblem(RelativePath, YamlNodes.Line(YamlNodes.Field(root, "version")!), $"field 'version' must look like 1.0.0 (found '{version}')"));
        }

        IReadOnlyList<string> forbidden = [];
        if (yaml.Mapping(YamlNodes.Field(root, "discretion") ?? root, "field 'discretion'") is { } discretion && YamlNodes.Field(root, "discretion") is not null)
        {
            forbidden = yaml.Texts(discretion, "forbiddenWords");
        }
        else
        {
            problems.Add(new ContentProblem(RelativePath, 1, "missing field 'discretion' with its forbiddenWords"));
        }

        double width = 3.5, height = 2;
        if (YamlNodes.Field(root, "layout") is YamlMappingNode layout && YamlNodes.Field(layout, "size") is YamlMappingNode size)
        {
            width = (double)yaml.Number(size, "widthInches", 1, 8);
            height = (double)yaml.Number(size, "heightInches", 1, 8);
        }
        else
        {
            problems.Add(new ContentProblem(RelativePath, 1, "missing field 'layout' with size: { widthInches, heightInches }"));
        }

        var nationalResource = "";
        var nationalLabel = new Dictionary<string, string>(StringComparer.Ordinal);
        var localMax = 0;
        if (yaml.Sequence(YamlNodes.Field(root, "lines"), "field 'lines'") is { } lines)
        {
            foreach (var item in lines.Children)
            {
                if (yaml.Mapping(item, "each line") is not { } line)
                {
                    continue;
                }
                if (YamlNodes.Field(line, "resource") is not null)
                {
                    nationalResource = yaml.Text(line, "resource");
                    if (yaml.Mapping(YamlNodes.Field(line, "label"), "the national line's label") is { } label)
                    {
                        foreach (var (key, value) in label.Children)
                        {
                            nationalLabel[((YamlScalarNode)key).Value ?? ""] = (value as YamlScalarNode)?.Value?.Trim() ?? "";
                        }
                    }
                }
                else if (YamlNodes.Field(line, "directory") is not null)
                {
                    localMax = yaml.Integer(line, "max", 0, 4);
                }
                else
                {
                    problems.Add(new ContentProblem(RelativePath, YamlNodes.Line(line), "each line needs 'resource' (a national.yaml id) or 'directory: onPatientCard'"));
                }
            }
        }

        Dictionary<string, string> Labels(string name)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (YamlNodes.Field(root, "fieldLabels") is YamlMappingNode labels && YamlNodes.Field(labels, name) is YamlMappingNode map)
            {
                foreach (var (key, value) in map.Children)
                {
                    result[((YamlScalarNode)key).Value ?? ""] = (value as YamlScalarNode)?.Value?.Trim() ?? "";
                }
            }
            else
            {
                problems.Add(new ContentProblem(RelativePath, 1, $"missing fieldLabels.{name}"));
            }
            return result;
        }
        var callLabel = Labels("phone");
        var textLabel = Labels("text");

        var languages = new List<CardLanguage>();
        if (yaml.Sequence(YamlNodes.Field(root, "languages"), "field 'languages'") is { } langs)
        {
            foreach (var item in langs.Children)
            {
                if (yaml.Mapping(item, "each language") is not { } lang)
                {
                    continue;
                }
                var code = yaml.Text(lang, "lang");
                var review = yaml.Text(lang, "review");
                var outside = yaml.Mapping(YamlNodes.Field(lang, "outside") ?? lang, $"language {code}: 'outside'");
                var inside = yaml.Mapping(YamlNodes.Field(lang, "inside") ?? lang, $"language {code}: 'inside'");
                if (YamlNodes.Field(lang, "outside") is null || YamlNodes.Field(lang, "inside") is null || outside is null || inside is null)
                {
                    problems.Add(new ContentProblem(RelativePath, YamlNodes.Line(lang), $"language {code}: needs both 'outside' and 'inside'"));
                    continue;
                }
                var card = new CardLanguage(code, review, yaml.Text(outside, "heading"), yaml.Text(outside, "footer"), yaml.Text(inside, "heading"),
                    yaml.Texts(inside, "questions"), yaml.Text(inside, "choice"), yaml.Text(inside, "clinic"));
                languages.Add(card);
                foreach (var (label, dictionary) in new[] { ("help line label", nationalLabel), ("call label", callLabel), ("text label", textLabel) })
                {
                    if (!dictionary.ContainsKey(code))
                    {
                        problems.Add(new ContentProblem(RelativePath, YamlNodes.Line(lang), $"language {code}: no {label} in that language"));
                    }
                }
                string[] texts = [card.OutsideHeading, card.OutsideFooter, card.InsideHeading, .. card.Questions, card.Choice, card.Clinic,
                    nationalLabel.GetValueOrDefault(code, ""), callLabel.GetValueOrDefault(code, ""), textLabel.GetValueOrDefault(code, "")];
                foreach (var text in texts)
                {
                    if (forbidden.FirstOrDefault(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)) is { } word)
                    {
                        problems.Add(new ContentProblem(RelativePath, YamlNodes.Line(lang), $"language {code}: “{text}” contains the forbidden word “{word}”; the card must be safe to carry"));
                    }
                    if (PhoneLike().IsMatch(text))
                    {
                        problems.Add(new ContentProblem(RelativePath, YamlNodes.Line(lang), $"language {code}: “{text}” holds a phone number; numbers come only from national.yaml and the directory"));
                    }
                }
            }
        }
        if (languages.Count == 0)
        {
            problems.Add(new ContentProblem(RelativePath, 1, "the card needs at least one language"));
        }

        var notes = new List<CardStaffNote>();
        if (YamlNodes.Field(root, "staffNotes") is YamlSequenceNode staffNotes)
        {
            foreach (var item in staffNotes.Children)
            {
                if (yaml.Mapping(item, "each staff note") is { } note)
                {
                    notes.Add(new CardStaffNote(yaml.Text(note, "id"), yaml.Text(note, "text")));
                }
            }
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }
        return (new HandoutCard(version, width, height, forbidden, nationalResource, nationalLabel, localMax, callLabel, textLabel, languages, notes), problems);
    }

    /// <summary>For `content check`: prints each problem as file:line: reason; returns 0 when there are none.</summary>
    public static int Check(string contentDirectory, TextWriter output)
    {
        if (!File.Exists(Path.Combine(contentDirectory, "toolkit", "handout.yaml")))
        {
            return 0;
        }
        var (_, problems) = Load(contentDirectory);
        foreach (var problem in problems)
        {
            output.WriteLine(problem);
        }
        output.WriteLine(problems.Count == 0 ? "handout check: 0 problems" : $"handout check: {problems.Count} problems");
        return problems.Count == 0 ? 0 : 1;
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex Version();

    [GeneratedRegex(@"\d[\d\s().-]{4,}\d")]
    private static partial Regex PhoneLike();
}

/// <summary>The card as loaded at start-up; a broken handout.yaml leaves it null and the card page says so.</summary>
public sealed class HandoutCatalog
{
    public HandoutCatalog(Microsoft.Extensions.Options.IOptions<ContentOptions> options)
    {
        var (card, problems) = HandoutContent.Load(options.Value.Resolve());
        Card = card;
        Problems = problems;
    }

    public HandoutCard? Card { get; }

    public IReadOnlyList<ContentProblem> Problems { get; }

    /// <summary>The card's forbidden words, for checking a directory entry's card label.</summary>
    public IReadOnlyList<string> ForbiddenWords => Card?.ForbiddenWords ?? ["traffick", "abuse"];
}
