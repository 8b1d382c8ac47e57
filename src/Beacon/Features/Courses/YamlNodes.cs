using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Beacon.Features.Courses;

/// <summary>
/// Reads YAML as nodes (not by deserialising into objects) so every problem can name its line. Missing or
/// malformed fields are reported to the shared problem list and read as empty, so one pass finds them all.
/// </summary>
internal sealed class YamlNodes(string file, List<ContentProblem> problems)
{
    public YamlNode? Parse(string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                problems.Add(new ContentProblem(file, 1, "the file is empty"));
                return null;
            }
            return stream.Documents[0].RootNode;
        }
        catch (YamlException error)
        {
            problems.Add(new ContentProblem(file, (int)error.Start.Line, "not valid YAML: " + error.Message));
            return null;
        }
        catch (InvalidOperationException)
        {
            // Some malformed input stops the scanner without a position: find the first line it cannot pass.
            problems.Add(new ContentProblem(file, FirstBadLine(text), "not valid YAML: check brackets, quotes and indentation on this line"));
            return null;
        }
    }

    private static int FirstBadLine(string text)
    {
        var lines = text.Split('\n');
        int low = 1, high = lines.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (Parses(string.Join('\n', lines[..middle])))
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    private static bool Parses(string text)
    {
        try
        {
            new YamlStream().Load(new StringReader(text));
            return true;
        }
        catch (Exception error) when (error is YamlException or InvalidOperationException)
        {
            return false;
        }
    }

    public static int Line(YamlNode node) => (int)node.Start.Line;

    public YamlMappingNode? Mapping(YamlNode? node, string what)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }
        problems.Add(new ContentProblem(file, node is null ? 1 : Line(node), $"{what} must be a mapping of field: value"));
        return null;
    }

    public YamlSequenceNode? Sequence(YamlNode? node, string what)
    {
        if (node is YamlSequenceNode sequence)
        {
            return sequence;
        }
        problems.Add(new ContentProblem(file, node is null ? 1 : Line(node), $"{what} must be a list"));
        return null;
    }

    public static YamlNode? Field(YamlMappingNode map, string name) =>
        map.Children.TryGetValue(new YamlScalarNode(name), out var value) ? value : null;

    public string Text(YamlMappingNode map, string name, bool required = true)
    {
        var node = Field(map, name);
        if (node is YamlScalarNode { Value: { } value } && !string.IsNullOrWhiteSpace(value))
        {
            return value.Trim();
        }
        if (required)
        {
            problems.Add(new ContentProblem(file, node is null ? Line(map) : Line(node), node is null ? $"missing field '{name}'" : $"field '{name}' must be text and not empty"));
        }
        return "";
    }

    public int Integer(YamlMappingNode map, string name, int min, int max)
    {
        var text = Text(map, name);
        if (text.Length == 0)
        {
            return 0;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            problems.Add(new ContentProblem(file, Line(Field(map, name)!), $"field '{name}' must be a whole number from {min} to {max} (found '{text}')"));
            return 0;
        }
        return value;
    }

    public decimal Number(YamlMappingNode map, string name, decimal min, decimal max)
    {
        var text = Text(map, name);
        if (text.Length == 0)
        {
            return 0;
        }
        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            problems.Add(new ContentProblem(file, Line(Field(map, name)!), $"field '{name}' must be a number from {min} to {max} (found '{text}')"));
            return 0;
        }
        return value;
    }

    /// <summary>A list of short texts, written either as [a, b] or one item per line.</summary>
    public IReadOnlyList<string> Texts(YamlMappingNode map, string name, bool required = true)
    {
        var node = Field(map, name);
        if (node is null)
        {
            if (required)
            {
                problems.Add(new ContentProblem(file, Line(map), $"missing field '{name}'"));
            }
            return [];
        }
        if (Sequence(node, $"field '{name}'") is not { } list)
        {
            return [];
        }
        var values = new List<string>();
        foreach (var item in list.Children)
        {
            if (item is YamlScalarNode { Value: { } value } && !string.IsNullOrWhiteSpace(value))
            {
                values.Add(value.Trim());
            }
            else
            {
                problems.Add(new ContentProblem(file, Line(item), $"each item of '{name}' must be non-empty text"));
            }
        }
        return values;
    }
}
