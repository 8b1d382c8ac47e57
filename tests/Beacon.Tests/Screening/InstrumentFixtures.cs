using Beacon.Features.Courses;
using Beacon.Features.Screening;

namespace Beacon.Tests.Screening;

/// <summary>The shipped instruments and import files made from the schema example (content/instruments/examples/).</summary>
public static class InstrumentFixtures
{
    public static string ContentDirectory => Path.Combine(AppContext.BaseDirectory, "content");

    public static InstrumentReferences References { get; } = InstrumentReferences.FromContent(ContentDirectory);

    public static string ExampleText => File.ReadAllText(Path.Combine(ContentDirectory, "instruments", "examples", "weighted-sum-example.yaml"));

    public static InstrumentDefinition Shipped(string id) =>
        InstrumentLoader.LoadShipped(ContentDirectory).Instruments.Single(i => i.Id == id);

    public static InstrumentDefinition Example() =>
        Assert.Single(InstrumentLoader.LoadExamples(ContentDirectory).Instruments);

    /// <summary>The schema example as a provider would upload it: not an example, cited, with its own id.</summary>
    public static string ImportableExample(string id = "licensed-weighted-example", string version = "1.0.0") => ExampleText
        .Replace("id: weighted-sum-example", $"id: {id}", StringComparison.Ordinal)
        .Replace("version: 1.0.0", $"version: {version}", StringComparison.Ordinal)
        .Replace("example: true\n", "", StringComparison.Ordinal)
        .Replace("sources: []", "sources: [S19]", StringComparison.Ordinal);

    /// <summary>A fictional item file for the RAFT card (4 items, any-yes), without bands: the card's are kept.</summary>
    public static string RaftItems(int items = 4, string rule = "any-yes")
    {
        var lines = new List<string>
        {
            "id: raft", "version: 1.0.0", "name: \"Rapid Appraisal for Trafficking\"", "shortName: \"RAFT\"", "kind: screening-instrument",
            "bibliography: ht-medical-practice", "validated: true", "population: \"Adults in emergency departments\"", "ageRange: { min: 18, max: null }",
            "itemText: included", $"itemCount: {items}", "items:",
        };
        for (var i = 1; i <= items; i++)
        {
            lines.Add($"  - id: fictional-item-{i}");
            lines.Add($"    text: \"Fictional licensed question {i}?\"");
            lines.Add("    answers:");
            lines.Add("      - { id: \"yes\", label: \"Yes\", points: 1 }");
            lines.Add("      - { id: \"no\", label: \"No\", points: 0 }");
        }
        lines.AddRange(["scoring:", $"  rule: {rule}", $"  max: {items}", "  ruleConfidence: M", "  sources: [S24]",
            "licence:", "  status: licensed", "  holder: \"Fictional licence holder\"", "  note: \"Test licence\"", "  sources: [S22]"]);
        return string.Join("\n", lines) + "\n";
    }

    public static (InstrumentDefinition? Instrument, List<ContentProblem> Problems) Import(string text, InstrumentDefinition? card = null)
    {
        var problems = new List<ContentProblem>();
        var instrument = InstrumentLoader.Read("upload.yaml", text, InstrumentOrigin.Import, References, card, problems);
        return (instrument, problems);
    }

    public static int LineOf(string text, string fragment, int occurrence = 1)
    {
        var at = -1;
        for (var i = 0; i < occurrence; i++)
        {
            at = text.IndexOf(fragment, at + 1, StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{fragment}' not found");
        }
        return text[..at].Count(c => c == '\n') + 1;
    }
}
