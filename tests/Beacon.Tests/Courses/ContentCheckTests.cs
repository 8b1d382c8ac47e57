using Beacon.Features.Courses;

namespace Beacon.Tests.Courses;

/// <summary>Each kind of mistake an author can make is reported with its file, line and reason.</summary>
public sealed class ContentCheckTests : IDisposable
{
    private readonly string _copy = Directory.CreateTempSubdirectory("beacon-course-").FullName;

    public ContentCheckTests()
    {
        foreach (var file in Directory.EnumerateFiles(ShippedCourseTests.CoursePath, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_copy, Path.GetRelativePath(ShippedCourseTests.CoursePath, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => Directory.Delete(_copy, recursive: true);

    /// <summary>Replaces the first occurrence of a text and returns the (1-based) line it was on.</summary>
    private int Edit(string relativePath, string find, string replace)
    {
        var path = Path.Combine(_copy, relativePath);
        var text = File.ReadAllText(path);
        var index = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{find}' not found in {relativePath}");
        File.WriteAllText(path, text[..index] + replace + text[(index + find.Length)..]);
        return text[..index].Count(c => c == '\n') + 1;
    }

    private IReadOnlyList<ContentProblem> Check() => ContentLoader.Load(_copy).Problems;

    [Fact]
    public void An_unknown_citation_key_is_reported_at_its_line()
    {
        var line = Edit("modules/01-awareness.md", "[S9][S13][S17]", "[S9][S999][S17]");

        var problem = Assert.Single(Check());
        Assert.Equal(("modules/01-awareness.md", line), (problem.File, problem.Line));
        Assert.Contains("unknown citation key 'S999'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_question_without_a_rationale_is_reported()
    {
        Edit("questions.yaml", "  rationale: \"Under the federal definition", "  explanation: \"Under the federal definition");

        var problem = Assert.Single(Check());
        Assert.Equal("questions.yaml", problem.File);
        Assert.Contains("question AW-01: has no rationale", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_question_id_is_reported()
    {
        var line = Edit("questions.yaml", "- id: AW-02", "- id: AW-01");

        var problems = Check();
        Assert.Contains(problems, p => p.File == "questions.yaml" && p.Line == line && p.Message.Contains("duplicate question id 'AW-01'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_module_without_objectives_is_reported()
    {
        var path = Path.Combine(_copy, "modules/06-partners.md");
        var lines = File.ReadAllLines(path).ToList();
        var start = lines.IndexOf("objectives:");
        var end = lines.FindIndex(start + 1, l => !l.StartsWith("  -", StringComparison.Ordinal));
        lines.RemoveRange(start, end - start);
        File.WriteAllLines(path, lines);

        var problem = Assert.Single(Check());
        Assert.Equal("modules/06-partners.md", problem.File);
        Assert.Contains("needs 3 to 5 learning objectives (has 0)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hotline_number_written_into_a_lesson_is_reported()
    {
        var line = Edit("modules/04-responding.md", "{{hotline.phone}}", "1-888-373-7888");

        Assert.Contains(Check(), p => p.File == "modules/04-responding.md" && p.Line == line && p.Message.Contains("{{hotline.*}} placeholders", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_headings_placeholders_and_check_questions_are_each_reported()
    {
        var heading = Edit("modules/02-recognising-signs.md", "## Vignette:", "## Case:");
        var token = Edit("modules/03-trauma-informed.md", "## Section:", "## Section: About {{practice.phone}} and");
        Edit("modules/07-holistic-care.md", "Questions: ", "Questions: HC-99, ");

        var problems = Check();

        Assert.Contains(problems, p => p.File == "modules/02-recognising-signs.md" && p.Line == heading && p.Message.Contains("unknown heading '## Case:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.File == "modules/03-trauma-informed.md" && p.Line == token && p.Message.Contains("unknown placeholder '{{practice.phone}}'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.File == "modules/07-holistic-care.md" && p.Message.Contains("unknown question 'HC-99'", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_line_and_the_rest_is_still_checked()
    {
        var line = Edit("course.yaml", "passMark: 80", "passMark: [80");
        Edit("modules/05-legal-duties.md", "[S62]", "[S0]");

        var problems = Check();

        Assert.Contains(problems, p => p.File == "course.yaml" && p.Line >= line && p.Message.StartsWith("not valid YAML", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.File == "modules/05-legal-duties.md" && p.Message.Contains("'S0'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_test_pool_too_small_for_a_track_is_reported()
    {
        Edit("course.yaml", "postTest: 20\n  - id: non-clinical", "postTest: 90\n  - id: non-clinical");

        Assert.Contains(Check(), p => p.Message.Contains("track 'clinical' draws 90 test questions", StringComparison.Ordinal));
    }
}
