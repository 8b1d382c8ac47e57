using Beacon.Features.Courses;
using Beacon.Features.Toolkit;

namespace Beacon.Tests.Toolkit;

/// <summary>
/// The toolkit's content files are checked at start-up and by `content check`: every problem with its file,
/// line, field and reason. Each test feeds a broken copy of the shipped files.
/// </summary>
public sealed class ToolkitLoaderTests : IDisposable
{
    private readonly string _content = Directory.CreateTempSubdirectory("beacon-toolkit-content-").FullName;

    public ToolkitLoaderTests()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "content");
        foreach (var file in Directory.EnumerateFiles(shipped, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_content, Path.GetRelativePath(shipped, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => Directory.Delete(_content, recursive: true);

    private string PathOf(string file) => Path.Combine(_content, "toolkit", file);

    /// <summary>Replaces one exact fragment of a shipped file (failing when it is not there) and returns the new text.</summary>
    private string Break(string file, string from, string to)
    {
        var text = File.ReadAllText(PathOf(file)).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains(from, text, StringComparison.Ordinal);
        var changed = ReplaceFirst(text, from, to);
        File.WriteAllText(PathOf(file), changed);
        return changed;
    }

    private static string ReplaceFirst(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        return text[..at] + to + text[(at + from.Length)..];
    }

    private static int LineOf(string text, string fragment) => text[..text.IndexOf(fragment, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    private List<ContentProblem> Problems()
    {
        var result = ToolkitLoader.Load(_content);
        if (result.Problems.Count > 0)
        {
            Assert.Null(result.Content);
        }
        return [.. result.Problems];
    }

    private static void AssertProblem(List<ContentProblem> problems, string file, int line, string message)
    {
        Assert.True(problems.Any(p => p.File == file && p.Line == line && p.Message == message),
            $"expected {file}:{line}: {message}\nfound:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void The_shipped_toolkit_has_no_problems()
    {
        var result = ToolkitLoader.Load(Path.Combine(AppContext.BaseDirectory, "content"));
        Assert.Empty(result.Problems);
        var content = Assert.IsType<ToolkitContent>(result.Content);
        Assert.Equal(5, content.RedFlags.Groups.Count);
        Assert.Equal(29, content.Codes.Codes.Count);
        Assert.Equal(["adult", "minor", "immediate-danger"], content.Protocol.Branches);
        Assert.Contains(content.Reporting.Rules, r => r.Duty == "ca-penal-11160");
    }

    [Fact]
    public void Content_check_prints_every_toolkit_problem_with_file_and_line()
    {
        var text = Break(ToolkitLoader.RedFlagsFile, "text: \"Avoids eye contact, or is hostile\"", "text: \"Avoids eye contact, or is hostile, or looks at the floor the whole time, or keeps turning away from the clinician\"");
        Break(ToolkitLoader.CodesFile, "  - code: T74.51XD\n", "  - code: T74.51XA\n");
        var output = new StringWriter();
        Assert.Equal(1, ToolkitLoader.Check(_content, output));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains($"toolkit/red-flags.yaml:{LineOf(text, "or looks at the floor")}: field 'text': 'eye-contact' is 113 characters; keep it to 90 so it reads on a phone", lines);
        Assert.Contains(lines, l => l.StartsWith("toolkit/icd10.yaml:", StringComparison.Ordinal) && l.EndsWith("field 'code': duplicate code 'T74.51XA'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("family T74.51- must have exactly the A, D and S codes (has A, A, S)", StringComparison.Ordinal));
        Assert.Equal("toolkit check: 4 problems", lines[^1]);
    }

    [Fact]
    public void Red_flags_unknown_keys_citations_audiences_sections_and_the_caveat_are_each_reported()
    {
        var text = Break(ToolkitLoader.RedFlagsFile, "        text: \"Answers sound rehearsed or scripted\"\n        sources: [S29, S30, S31]",
            "        text: \"Answers sound rehearsed or scripted\"\n        sources: [S29, S999]\n        severity: high");
        text = Break(ToolkitLoader.RedFlagsFile, "      - id: clothing\n        text: \"Clothes do not suit the weather\"\n        sources: [S29, S30, S31]\n",
            "      - id: clothing\n        text: \"Clothes do not suit the weather\"\n");
        text = Break(ToolkitLoader.RedFlagsFile, "    audience: [clinical]", "    audience: [clinical, doctors]");
        text = Break(ToolkitLoader.RedFlagsFile, "  protocolSection: privacy", "  protocolSection: be-private");
        text = Break(ToolkitLoader.RedFlagsFile, "  - id: no-single-sign", "  - id: no-one-sign");
        var problems = Problems();
        AssertProblem(problems, "red-flags.yaml", LineOf(text, "sources: [S29, S999]"), "field 'sources': unknown citation key 'S999' (not in the course bibliography or sources.yaml)");
        Assert.Contains(problems, p => p.File == "red-flags.yaml" && p.Line == LineOf(text, "severity: high") && p.Message.StartsWith("field 'severity': unknown key in an entry of 'items'", StringComparison.Ordinal));
        AssertProblem(problems, "red-flags.yaml", LineOf(text, "id: clothing"), "field 'sources': missing: every fact is cited (sources: [S12])");
        AssertProblem(problems, "red-flags.yaml", LineOf(text, "audience: [clinical, doctors]"), "field 'audience': group 'clinical': 'doctors' is not a course track; use clinical or non-clinical");
        AssertProblem(problems, "red-flags.yaml", LineOf(text, "protocolSection: be-private"), "field 'next.protocolSection': 'be-private' is not a heading id of protocol.md");
        AssertProblem(problems, "red-flags.yaml", LineOf(text, "  - id: no-one-sign"), "field 'caveats': must include the caveat with id no-single-sign (no single sign proves trafficking)");
        Assert.Equal(6, problems.Count);
    }

    [Fact]
    public void Icd_codes_with_a_wrong_seventh_character_an_unknown_family_or_a_wrong_count_are_reported()
    {
        var text = Break(ToolkitLoader.CodesFile, "  - code: T76.62XS\n    family: T76.62-\n    category: suspected\n    population: child\n    exploitation: labor\n    encounter: sequela",
            "  - code: T76.62XS\n    family: T76.62-\n    category: suspected\n    population: child\n    exploitation: labor\n    encounter: subsequent");
        text = Break(ToolkitLoader.CodesFile, "  - code: Y07.6\n    category: perpetrator", "  - code: Y07.6\n    family: T74.51-\n    category: perpetrator");
        text = Break(ToolkitLoader.CodesFile, "expectedCount: 29", "expectedCount: 30");
        text = Break(ToolkitLoader.CodesFile, "    appliesTo: [Z91.42, Z62.813]", "    appliesTo: [Z91.42, Z91.41]");
        var problems = Problems();
        AssertProblem(problems, "icd10.yaml", LineOf(text, "encounter: subsequent\n    description: \"Forced labor exploitation of a child, suspected; sequela\""), "field 'encounter': code 'T76.62XS': its 7th character 'S' does not match encounter 'subsequent' (D)");
        AssertProblem(problems, "icd10.yaml", LineOf(text, "family: T74.51-\n    category: perpetrator"), "field 'family': code 'Y07.6': only T74/T76 codes belong to a family");
        AssertProblem(problems, "icd10.yaml", LineOf(text, "  - code: T74.51XA"), "field 'codes': 29 codes listed, but expectedCount is 30");
        AssertProblem(problems, "icd10.yaml", LineOf(text, "appliesTo: [Z91.42, Z91.41]"), "field 'appliesTo': note 'later-history-codes': 'Z91.41' is neither a listed code nor a family");
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void A_protocol_missing_a_branch_citing_an_unlisted_source_or_writing_the_hotline_out_is_refused()
    {
        var text = Break(ToolkitLoader.ProtocolFile, "## Patient under 18 {#minor}", "## Patient under 18 {#children}");
        text = Break(ToolkitLoader.ProtocolFile, "- Phone: {{hotline.phone}}", "- Phone: 1-888-373-7888 or {{hotline.fax}}");
        text = Break(ToolkitLoader.ProtocolFile, "See the patient alone, in a private room [S32][S39][S47].", "See the patient alone, in a private room [S32][S39][S47][S60].");
        var problems = Problems();
        AssertProblem(problems, "protocol.md", LineOf(text, "branches:"), "field 'branches': 'minor' is not a heading id of the body");
        AssertProblem(problems, "protocol.md", LineOf(text, "# Responding to possible human trafficking {#top}") - 1, "no heading with id 'minor': keep a heading ending {#minor} (other pages link to it)");
        AssertProblem(problems, "protocol.md", LineOf(text, "Go to [Patient under 18](#minor)"), "link to '#minor', but no heading has that id");
        AssertProblem(problems, "protocol.md", LineOf(text, "- Phone: 1-888"), "the national hotline's details are written out: use the {{hotline.*}} placeholders, which show the current, verified details");
        Assert.Contains(problems, p => p.File == "protocol.md" && p.Line == LineOf(text, "- Phone: 1-888") && p.Message.StartsWith("unknown placeholder '{{hotline.fax}}'", StringComparison.Ordinal));
        AssertProblem(problems, "protocol.md", LineOf(text, "sources: [S1,"), "field 'sources': the body cites S60, which is not listed");
        // The red-flag note that links to the minor section breaks with it.
        Assert.Contains(problems, p => p.File == "red-flags.yaml" && p.Message == "field 'protocolSection': 'minor' is not a heading id of protocol.md");
    }

    [Fact]
    public void Reporting_rules_must_name_existing_duties_states_and_situations()
    {
        var text = Break(ToolkitLoader.ReportingFile, "    duty: fl-child-abuse-report", "    duty: fl-child-abuse-reporting");
        text = Break(ToolkitLoader.ReportingFile, "    when: { states: [CA], situations: [assaultive-injury] }\n  - id: ca-injury-bills", "    when: { states: [CA, ZZ], situations: [assault] }\n  - id: ca-injury-bills");
        text = Break(ToolkitLoader.ReportingFile, "    confidence: medium\n    unconfirmed: \"The outcome of AB 3127 (2024) is not confirmed.\"\n", "    confidence: medium\n");
        var problems = Problems();
        AssertProblem(problems, "reporting.yaml", LineOf(text, "duty: fl-child-abuse-reporting"), "field 'duty': rule 'fl-child': no reporting duty 'fl-child-abuse-reporting' in content/jurisdictions");
        AssertProblem(problems, "reporting.yaml", LineOf(text, "states: [CA, ZZ]"), "field 'states': rule 'ca-injury': 'ZZ' is not a state of the jurisdiction catalogue");
        AssertProblem(problems, "reporting.yaml", LineOf(text, "states: [CA, ZZ]"), "field 'situations': rule 'ca-injury': unknown situation 'assault'");
        AssertProblem(problems, "reporting.yaml", LineOf(text, "  - id: ca-injury-bills"), "field 'unconfirmed': rule 'ca-injury-bills': a rule of medium confidence says what is not confirmed");
    }

    [Fact]
    public void Broken_yaml_and_a_missing_file_are_reported_not_thrown()
    {
        File.Delete(PathOf(ToolkitLoader.ReportingFile));
        File.WriteAllText(PathOf(ToolkitLoader.CodesFile), "id: icd10\nversion: [1.0\n");
        var problems = Problems();
        AssertProblem(problems, "reporting.yaml", 0, "missing: the toolkit needs this file");
        Assert.Contains(problems, p => p.File == "icd10.yaml" && p.Message.StartsWith("not valid YAML", StringComparison.Ordinal));
    }
}
