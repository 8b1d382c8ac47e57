using System.Text.RegularExpressions;
using Beacon.Features.Courses;
using YamlDotNet.RepresentationModel;

namespace Beacon.Features.Screening;

/// <summary>
/// What an instrument file may refer to: the citation keys of each course bibliography (plus the toolkit's
/// own sources.yaml) and the heading ids of the default response protocol (content/toolkit/protocol.md).
/// </summary>
public sealed partial class InstrumentReferences(
    IReadOnlyDictionary<string, IReadOnlySet<string>> bibliographies, IReadOnlySet<string> toolkitKeys, IReadOnlySet<string> protocolSections)
{
    /// <summary>The sections every version of a practice's protocol keeps (content/toolkit/README.md).</summary>
    public static readonly IReadOnlySet<string> StableSections = new HashSet<string>(StringComparer.Ordinal)
    {
        "start", "privacy", "safety", "universal-education", "adult", "minor", "immediate-danger", "summary",
    };

    public IReadOnlySet<string> ProtocolSections { get; } = protocolSections;

    /// <summary>Title and address (or written citation) of every citation key, for showing sources on cards and results.</summary>
    public IReadOnlyDictionary<string, (string Title, string Url)> Sources { get; private init; } = new Dictionary<string, (string, string)>();

    /// <summary>The keys a file naming <paramref name="bibliography"/> may cite; null when there is no such course package.</summary>
    public IReadOnlySet<string>? KeysFor(string bibliography) =>
        bibliographies.TryGetValue(bibliography, out var keys) ? keys.Concat(toolkitKeys).ToHashSet(StringComparer.Ordinal) : null;

    public static InstrumentReferences FromContent(string contentDirectory)
    {
        var bibliographies = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var titles = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var courses = Path.Combine(contentDirectory, "courses");
        if (Directory.Exists(courses))
        {
            foreach (var folder in Directory.EnumerateDirectories(courses))
            {
                var path = Path.Combine(folder, ContentLoader.BibliographyFile);
                if (File.Exists(path))
                {
                    bibliographies[Path.GetFileName(folder)] = Keys(path, titles);
                }
            }
        }
        var sources = Path.Combine(contentDirectory, "toolkit", "sources.yaml");
        var toolkitKeys = File.Exists(sources) ? Keys(sources, titles) : new HashSet<string>();
        var protocol = Path.Combine(contentDirectory, "toolkit", "protocol.md");
        var sections = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(protocol))
        {
            foreach (var line in File.ReadLines(protocol).Where(l => l.StartsWith('#')))
            {
                if (HeadingId().Match(line) is { Success: true } match)
                {
                    sections.Add(match.Groups[1].Value);
                }
            }
        }
        else
        {
            sections.UnionWith(StableSections);
        }
        return new InstrumentReferences(bibliographies, toolkitKeys, sections) { Sources = titles };
    }

    private static HashSet<string> Keys(string path, Dictionary<string, (string, string)> titles)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(path)));
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlSequenceNode list)
            {
                foreach (var item in list.Children.OfType<YamlMappingNode>())
                {
                    if (item.Children.TryGetValue(new YamlScalarNode("key"), out var key) && key is YamlScalarNode { Value: { Length: > 0 } value })
                    {
                        keys.Add(value);
                        titles.TryAdd(value, (Scalar(item, "title"), Scalar(item, "url") is { Length: > 0 } url ? url : Scalar(item, "citation")));
                    }
                }
            }
        }
        catch (YamlDotNet.Core.YamlException)
        {
            // The course check reports a broken bibliography; here it simply resolves nothing.
        }
        return keys;
    }

    private static string Scalar(YamlMappingNode map, string name) =>
        map.Children.TryGetValue(new YamlScalarNode(name), out var node) && node is YamlScalarNode { Value: { } value } ? value : "";

    [GeneratedRegex(@"\{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$")]
    private static partial Regex HeadingId();
}
