using Beacon.Features.Courses;
using Beacon.Features.Requirements;

namespace Beacon.Tests.Requirements;

public sealed class JurisdictionLoaderTests
{
    private const string Good = """
        state: TX
        name: Texas
        mandates:
          - id: tx-example
            title: Example
            summary: Example mandate.
            licenceTypes: [PA]
            frequency: licenceRenewal
            months: 24
            since: 2020
            citation:
              text: Tex. Occ. Code ch. 116
              url: https://example.test/116
            lastReviewed: 2026-01-31
            confidence: high
        duties: []
        posters: []
        """;

    private static List<ContentProblem> Read(string text, string file = "TX.yaml")
    {
        var problems = new List<ContentProblem>();
        JurisdictionLoader.Read(file, text, [], problems);
        return problems;
    }

    private static int LineOf(string text, string fragment) => text[..text.IndexOf(fragment, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Fact]
    public void A_sound_file_has_no_problems()
    {
        Assert.Empty(Read(Good));
    }

    [Fact]
    public void The_shipped_catalogue_has_no_problems_and_covers_the_four_states()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "content", "jurisdictions");
        var result = JurisdictionLoader.Load(folder);
        Assert.Empty(result.Problems);
        Assert.Equal(["CA", "FL", "MI", "TX"], result.States.Select(s => s.State));
        Assert.Contains(result.States.Single(s => s.State == "TX").Mandates, m => m.Disputed && m.Readings.Count == 2);
    }

    [Fact]
    public void An_unknown_key_is_reported_at_its_line()
    {
        var text = Good.Replace("    confidence: high", "    confidence: high\n    hourz: 2", StringComparison.Ordinal);
        var problem = Assert.Single(Read(text));
        Assert.Equal(LineOf(text, "hourz"), problem.Line);
        Assert.Contains("unknown key 'hourz' in a mandate", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_citation_is_reported()
    {
        var text = Good.Replace("    citation:\n      text: Tex. Occ. Code ch. 116\n      url: https://example.test/116\n", "", StringComparison.Ordinal);
        var problem = Assert.Single(Read(text));
        Assert.Contains("missing citation", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_citation_without_an_address_or_with_a_bad_one_is_reported()
    {
        Assert.Contains(Read(Good.Replace("      url: https://example.test/116\n", "", StringComparison.Ordinal)), p => p.Message == "missing field 'url'");
        var text = Good.Replace("https://example.test/116", "javascript:alert(1)", StringComparison.Ordinal);
        var problem = Assert.Single(Read(text));
        Assert.Equal(LineOf(text, "javascript"), problem.Line);
        Assert.Contains("must be an http or https address", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_state_code_and_a_file_named_for_another_state_are_reported()
    {
        var bad = Assert.Single(Read(Good.Replace("state: TX", "state: XX", StringComparison.Ordinal), "XX.yaml"));
        Assert.Equal((1, "'XX' is not a US state code; use the two capital letters, such as TX"), (bad.Line, bad.Message));
        var mismatch = Assert.Single(Read(Good, "FL.yaml"));
        Assert.Contains("does not match the file name", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_licence_types_frequencies_confidence_and_dates_are_each_reported()
    {
        var text = Good
            .Replace("[PA]", "[PA, NURSE]", StringComparison.Ordinal)
            .Replace("frequency: licenceRenewal", "frequency: sometimes", StringComparison.Ordinal)
            .Replace("confidence: high", "confidence: sure", StringComparison.Ordinal)
            .Replace("2026-01-31", "31/01/2026", StringComparison.Ordinal);
        var messages = Read(text).Select(p => p.Message).ToList();
        Assert.Contains(messages, m => m.Contains("unknown licence type 'NURSE'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("frequency 'sometimes' must be one of", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("confidence 'sure' must be high, medium or low", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("lastReviewed '31/01/2026'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_disputed_mandate_needs_two_readings_each_with_its_own_citation()
    {
        var text = Good.Replace("    frequency: licenceRenewal\n    months: 24\n", """
                readings:
                  - id: only-one
                    title: The only reading
                    frequency: once

            """.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var messages = Read(text).Select(p => p.Message).ToList();
        Assert.Contains(messages, m => m.Contains("needs at least two readings", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("missing citation", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_ids_across_files_are_reported()
    {
        var ids = new Dictionary<string, string>();
        var problems = new List<ContentProblem>();
        JurisdictionLoader.Read("TX.yaml", Good, ids, problems);
        JurisdictionLoader.Read("FL.yaml", Good.Replace("state: TX", "state: FL", StringComparison.Ordinal), ids, problems);
        var problem = Assert.Single(problems);
        Assert.Equal("FL.yaml", problem.File);
        Assert.Contains("duplicate id 'tx-example' (also in TX.yaml)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_check_reports_jurisdiction_problems_as_file_line_reason()
    {
        var folder = Directory.CreateTempSubdirectory("beacon-jurisdictions-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "jurisdictions"));
        File.WriteAllText(Path.Combine(folder, "jurisdictions", "TX.yaml"), Good.Replace("    confidence: high", "    confidence: high\n    extra: 1", StringComparison.Ordinal));
        var output = new StringWriter();
        Assert.Equal(1, JurisdictionLoader.Check(folder, output));
        Assert.Contains($"jurisdictions/TX.yaml:{LineOf(Good, "    confidence: high") + 1}: unknown key 'extra'", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("jurisdictions check: 1 problems", output.ToString(), StringComparison.Ordinal);
    }
}
