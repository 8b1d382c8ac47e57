using Beacon.Features.Screening;
using static Beacon.Tests.Screening.InstrumentFixtures;

namespace Beacon.Tests.Screening;

public sealed class InstrumentLoaderTests
{
    [Fact]
    public void The_shipped_instruments_and_the_example_have_no_problems()
    {
        var shipped = InstrumentLoader.LoadShipped(ContentDirectory);
        Assert.Empty(shipped.Problems);
        Assert.Equal(["child-sex-trafficking-6-item", "hhs-indicator-conversation-guide", "qyit", "raft"], shipped.Instruments.Select(i => i.Id));
        var guide = shipped.Instruments.Single(i => i.Runnable);
        Assert.Equal("hhs-indicator-conversation-guide", guide.Id);
        Assert.False(guide.Validated);
        Assert.Contains("not a validated instrument", guide.ValidationLabel!, StringComparison.OrdinalIgnoreCase);
        Assert.All(shipped.Instruments.Where(i => i.Id != guide.Id), card => Assert.Empty(card.Items));
        Assert.Empty(InstrumentLoader.LoadExamples(ContentDirectory).Problems);
    }

    [Fact]
    public void Content_check_reports_the_instruments()
    {
        using var output = new StringWriter();
        Assert.Equal(0, InstrumentLoader.Check(ContentDirectory, output));
        Assert.Contains("instruments check: 0 problems", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("raft 1.0.0: metadata card (4 items withheld)", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_import_file_is_read()
    {
        var (instrument, problems) = Import(ImportableExample());
        Assert.Empty(problems);
        Assert.NotNull(instrument);
        Assert.True(instrument.Runnable);
        Assert.Equal(3, instrument.Items.Count);
        Assert.Equal(ScoringRule.WeightedSum, instrument.Scoring.Rule);
    }

    [Fact]
    public void Every_problem_of_a_bad_file_is_reported_with_its_line_and_field()
    {
        var text = ImportableExample()
            .Replace("shortName: \"Example\"", "shortName: \"Example\"\ncolour: blue", StringComparison.Ordinal)            // unknown field
            .Replace("{ id: \"yes\", label: \"Yes\", points: 3 }", "{ id: \"yes\", label: \"Yes\", points: -3 }", StringComparison.Ordinal) // negative points
            .Replace("    to: 2\n", "    to: 1\n", StringComparison.Ordinal)                                                  // gap 1 | 3
            .Replace("label: \"Example band: high\"", "label: \"Patient is trafficked\"", StringComparison.Ordinal)          // labels a patient
            .Replace("protocolSection: universal-education", "protocolSection: nowhere", StringComparison.Ordinal)           // unknown section
            .Replace("  ruleConfidence: L", "  ruleConfidence: X", StringComparison.Ordinal)
            .Replace("status: licensed", "status: licenced", StringComparison.Ordinal)
            .Replace("sources: [S19]\n\nvalidation", "sources: [S999]\n\nvalidation", StringComparison.Ordinal);
        var (instrument, problems) = Import(text);
        Assert.Null(instrument);
        string Find(string field) => string.Join("\n", problems.Where(p => p.Message.StartsWith(field + ":", StringComparison.Ordinal)));

        Assert.Equal($"upload.yaml:{LineOf(text, "colour")}: colour: unknown field; known fields here: " +
            "id, version, name, shortName, kind, example, bibliography, validated, validationLabel, population, ageRange, settings, itemText, itemCount, items, scoring, bands, validation, citation, licence, notes, before",
            Find("colour"));
        Assert.Contains($":{LineOf(text, "points: -3")}: items[2].answers[2].points: '-3' must be a number from 0 to 1000", Find("items[2].answers[2].points"), StringComparison.Ordinal);
        Assert.Contains($":{LineOf(text, "- id: example-middle")}: bands[2].from: is 3: leaves a gap after band 'example-low' (which ends at 1)", Find("bands[2].from"), StringComparison.Ordinal);
        Assert.Contains($":{LineOf(text, "Patient is trafficked")}: bands[3].label: must not contain \"trafficked\"", Find("bands[3].label"), StringComparison.Ordinal);
        Assert.Contains($":{LineOf(text, "protocolSection: nowhere")}: bands[1].nextStep.protocolSection: 'nowhere' is not a heading id", Find("bands[1].nextStep.protocolSection"), StringComparison.Ordinal);
        Assert.Contains($":{LineOf(text, "ruleConfidence: X")}: scoring.ruleConfidence:", Find("scoring.ruleConfidence"), StringComparison.Ordinal);
        Assert.Contains($":{LineOf(text, "status: licenced")}: licence.status: 'licenced' must be one of", Find("licence.status"), StringComparison.Ordinal);
        Assert.Contains($":{LineOf(text, "S999")}: bands[3].sources: unknown citation key 'S999'", Find("bands[3].sources"), StringComparison.Ordinal);
        // The scores the items can reach no longer all fall in a band (2 is in the gap).
        Assert.Contains(problems, p => p.Message == "bands: a reachable score of 2 falls in no band");
    }

    [Fact]
    public void The_schema_example_itself_cannot_be_imported()
    {
        var (instrument, problems) = Import(ExampleText);
        Assert.Null(instrument);
        Assert.Contains(problems, p => p.Message.StartsWith("example: true is allowed only for schema examples", StringComparison.Ordinal) && p.Line == LineOf(ExampleText, "example: true"));
        Assert.Contains(problems, p => p.Message.StartsWith("citation.sources: must list at least one citation key", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_yaml_names_its_line()
    {
        var text = ImportableExample().Replace("name: \"Schema example: weighted-sum instrument\"", "name: \"unclosed", StringComparison.Ordinal);
        var (_, problems) = Import(text);
        var problem = Assert.Single(problems);
        Assert.StartsWith("file: not valid YAML", problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Line >= LineOf(text, "unclosed"));
    }

    [Fact]
    public void Missing_fields_are_named()
    {
        var text = ImportableExample().Replace("population: \"None: fictional example for software tests\"\n", "", StringComparison.Ordinal)
            .Replace("      text: \"Example next step.\"\n      protocolSection: safety\n", "      protocolSection: safety\n", StringComparison.Ordinal);
        var (_, problems) = Import(text);
        Assert.Contains(problems, p => p.Message == "population: missing" && p.Line == LineOf(text, "id: licensed-weighted-example"));
        Assert.Contains(problems, p => p.Message == "bands[2].nextStep.text: missing");
    }

    [Fact]
    public void Any_yes_items_need_exactly_one_answer_worth_one_point()
    {
        var text = RaftItems().Replace("- { id: \"no\", label: \"No\", points: 0 }", "- { id: \"no\", label: \"No\", points: 2 }", StringComparison.Ordinal);
        var (_, problems) = Import(text, Shipped("raft"));
        Assert.Equal(4, problems.Count(p => p.Message.Contains("must have exactly one answer with points > 0", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_count_at_least_instrument_needs_a_band_starting_at_k()
    {
        var text = RaftItems(items: 4, rule: "count-at-least").Replace("  max: 4\n", "  k: 2\n  max: 4\n", StringComparison.Ordinal) + """
            bands:
              - { id: low, from: 0, to: 2, label: "Low", meaning: "m", doesNotMean: "d", nextStep: { text: "t", protocolSection: safety }, sources: [S19] }
              - { id: high, from: 3, to: 4, label: "High", meaning: "m", doesNotMean: "d", nextStep: { text: "t", protocolSection: safety }, sources: [S19] }
            validation: { summary: "s", studies: [{ id: a, role: derivation, setting: s, population: p, confidence: H, sources: [S19] }], unconfirmed: [] }
            citation: { text: "c", sources: [S19] }
            """.Replace("            ", "", StringComparison.Ordinal).Replace("id: raft", "id: other-count-screen", StringComparison.Ordinal);
        var (_, problems) = Import(text.Replace("id: raft", "id: other-count-screen", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message == "bands: need a band starting at 2: for count-at-least the positive band starts there");
    }

    [Fact]
    public void An_item_file_for_a_card_keeps_the_cards_bands_validation_and_citation()
    {
        var card = Shipped("raft");
        var (instrument, problems) = Import(RaftItems(), card);
        Assert.Empty(problems);
        Assert.NotNull(instrument);
        Assert.True(instrument.Runnable);
        Assert.Equal(card.Bands, instrument.Bands);
        Assert.Equal(card.Validation, instrument.Validation);
        Assert.Equal(card.Citation, instrument.Citation);
        Assert.Equal("licensed", instrument.Licence.Status);
    }

    [Fact]
    public void An_item_file_for_a_card_must_keep_its_item_count_and_rule()
    {
        var text = RaftItems(items: 5);
        var (instrument, problems) = Import(text, Shipped("raft"));
        Assert.Null(instrument);
        Assert.Contains(problems, p => p.Message == "itemCount: is 5 but the published card 'raft' has 4 items" && p.Line == LineOf(text, "itemCount: 5"));
        // The card's bands end at 4; with 5 items the score can reach 5.
        Assert.Contains(problems, p => p.Message.StartsWith("scoring.max", StringComparison.Ordinal) || p.Message.Contains("itemCount", StringComparison.Ordinal));
    }

    [Fact]
    public void Withheld_item_text_and_unconfirmed_licences_cannot_carry_items()
    {
        var withheld = ImportableExample().Replace("itemText: included", "itemText: withheld", StringComparison.Ordinal);
        var (_, problems) = Import(withheld);
        Assert.Contains(problems, p => p.Message.StartsWith("items: must be absent when itemText: withheld", StringComparison.Ordinal) && p.Line == LineOf(withheld, "items:"));

        var unconfirmed = ImportableExample().Replace("status: licensed", "status: unconfirmed", StringComparison.Ordinal);
        (_, problems) = Import(unconfirmed);
        Assert.Contains(problems, p => p.Message.StartsWith("licence.status: unconfirmed: a file whose licence is unconfirmed must say itemText: withheld", StringComparison.Ordinal));
    }

    [Fact]
    public void Not_validated_files_must_say_so()
    {
        var text = ImportableExample().Replace("validationLabel: \"Not a validated instrument: a schema example for import testing.\"", "validationLabel: \"Use with care\"", StringComparison.Ordinal);
        var (_, problems) = Import(text);
        Assert.Contains(problems, p => p.Message == "validationLabel: must contain \"not a validated instrument\"" && p.Line == LineOf(text, "Use with care"));
    }

    [Fact]
    public void Shipped_files_must_be_named_after_their_id()
    {
        var problems = new List<Beacon.Features.Courses.ContentProblem>();
        InstrumentLoader.Read("instruments/raft-copy.yaml", File.ReadAllText(Path.Combine(ContentDirectory, "instruments", "raft.yaml")), InstrumentOrigin.Shipped, References, null, problems);
        Assert.Contains(problems, p => p.Message.StartsWith("id: 'raft' must equal the file name", StringComparison.Ordinal));
    }
}
