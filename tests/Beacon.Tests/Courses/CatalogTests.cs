using Beacon.Data;
using Beacon.Features.Courses;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Tests.Courses;

public sealed class CatalogTests
{
    private static readonly LessonContext Context = new("Riverside Family Medicine", "EAP line 1-800-555-0100",
        new NationalResource("national-hotline", "Test Hotline", "1-800-555-0199", "TEST", "hotline.example", "24/7", null, null, new DateOnly(2025, 12, 19), null));

    [Theory, DatabaseData]
    public async Task The_shipped_course_is_published_at_start_and_read_back_the_same(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var catalog = app.Services.GetRequiredService<CourseCatalog>();
        var shipped = ContentLoader.Load(ShippedCourseTests.CoursePath).Package!;

        var current = await catalog.CurrentAsync(shipped.Id, CancellationToken.None);

        Assert.NotNull(current);
        Assert.Equal(shipped.Version, current.Version);
        Assert.Equal(shipped.Questions.Select(q => (q.Id, q.Answer, q.Rationale)), current.Questions.Select(q => (q.Id, q.Answer, q.Rationale)));
        Assert.Equal(shipped.Modules.SelectMany(m => m.Parts).Select(p => p.Markdown), current.Modules.SelectMany(m => m.Parts).Select(p => p.Markdown));
        Assert.Equal(1, await app.WithDbAsync(db => db.CourseVersions.CountAsync()));
    }

    [Theory, DatabaseData]
    public async Task A_published_version_cannot_change_but_a_new_version_publishes_without_code(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var content = Directory.CreateTempSubdirectory("beacon-content-").FullName;
        var course = Path.Combine(content, "courses", "ht-medical-practice");
        CopyDirectory(ShippedCourseTests.CoursePath, course);
        var catalog = app.Services.GetRequiredService<CourseCatalog>();

        // Same version, changed text: refused.
        var lesson = Path.Combine(course, "modules", "01-awareness.md");
        File.WriteAllText(lesson, File.ReadAllText(lesson).Replace("People who are being trafficked", "People who are trafficked", StringComparison.Ordinal));
        var refused = await catalog.PublishAsync(content, CancellationToken.None);
        Assert.Contains(refused, p => p.Message.Contains("already published with different content", StringComparison.Ordinal));

        // New version number: published beside the old one, which is unchanged.
        var yaml = Path.Combine(course, "course.yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("version: 1.0.0", "version: 1.1.0", StringComparison.Ordinal));
        Assert.Empty(await catalog.PublishAsync(content, CancellationToken.None));
        Assert.Equal("1.1.0", (await catalog.CurrentAsync("ht-medical-practice", CancellationToken.None))!.Version);
        var old = await catalog.GetAsync("ht-medical-practice", "1.0.0", CancellationToken.None);
        Assert.Contains("People who are being trafficked", old!.Modules[0].Parts[0].Markdown, StringComparison.Ordinal);
        Directory.Delete(content, recursive: true);
    }

    [Fact]
    public void Lessons_fill_placeholders_with_current_data_escape_it_and_link_citations()
    {
        var html = LessonRenderer.ToHtml("Call {{hotline.name}} at {{hotline.phone}} [S50]. Support: {{practice.eapContact}}.", Context with
        {
            EmployeeAssistance = "<script>alert(1)</script> *EAP*",
        });

        Assert.Contains("Call Test Hotline at 1-800-555-0199", html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"citation\" href=\"#source-S50\">[S50]</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<em>EAP</em>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_html_in_lesson_source_is_shown_as_text()
    {
        var html = LessonRenderer.ToHtml("Before <img src=x onerror=alert(1)> after", Context);

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_content_check_command_reports_problems_and_exits_non_zero()
    {
        var content = Directory.CreateTempSubdirectory("beacon-content-").FullName;
        var course = Path.Combine(content, "courses", "ht-medical-practice");
        CopyDirectory(ShippedCourseTests.CoursePath, course);
        var good = new StringWriter();
        Assert.Equal(0, CoursesExtensions.Check(content, good));
        Assert.Contains("content check: 0 problems", good.ToString(), StringComparison.Ordinal);

        var questions = Path.Combine(course, "questions.yaml");
        File.WriteAllText(questions, File.ReadAllText(questions).Replace("source: [S1, S2, S6, S7]", "source: [S1, S404]", StringComparison.Ordinal));
        var bad = new StringWriter();
        Assert.Equal(1, CoursesExtensions.Check(content, bad));
        Assert.Contains("courses/ht-medical-practice/questions.yaml:", bad.ToString(), StringComparison.Ordinal);
        Assert.Contains("unknown citation key 'S404'", bad.ToString(), StringComparison.Ordinal);
        Directory.Delete(content, recursive: true);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
