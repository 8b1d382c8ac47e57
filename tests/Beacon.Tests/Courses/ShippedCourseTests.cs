using Beacon.Features.Courses;

namespace Beacon.Tests.Courses;

public sealed class ShippedCourseTests
{
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Beacon.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Beacon.slnx not found above the test folder.");
    }

    public static string CoursePath => Path.Combine(RepositoryRoot(), "content", "courses", "ht-medical-practice");

    [Fact]
    public void The_shipped_course_passes_content_check_with_no_problems()
    {
        var result = ContentLoader.Load(CoursePath);

        Assert.True(result.Problems.Count == 0, string.Join("\n", result.Problems));
        Assert.NotNull(result.Package);
    }

    [Fact]
    public void The_shipped_course_has_seven_modules_and_enough_questions_for_every_track()
    {
        var course = ContentLoader.Load(CoursePath).Package!;

        Assert.Equal(7, course.Modules.Count);
        Assert.True(course.Questions.Count >= 60, $"{course.Questions.Count} questions");
        Assert.All(course.Modules, m => Assert.InRange(m.Objectives.Count, 3, 5));
        Assert.All(course.Modules, m => Assert.Contains(m.Parts, p => p.Kind == ModulePartKind.Vignette));
        Assert.All(course.Questions, q => Assert.False(string.IsNullOrWhiteSpace(q.Rationale)));
        foreach (var track in course.Tracks)
        {
            var pool = course.TestPool(track);
            Assert.True(pool.Count >= track.PostTest, $"track {track.Id}: {pool.Count} test questions for a {track.PostTest}-question post-test");
        }
        Assert.Equal(["clinical", "non-clinical"], course.Tracks.Select(t => t.Id));
        Assert.Equal(60, course.Track("clinical")!.Minutes);
        Assert.Equal(30, course.Track("non-clinical")!.Minutes);
    }

    [Fact]
    public void Every_citation_in_the_course_resolves_to_its_bibliography()
    {
        var course = ContentLoader.Load(CoursePath).Package!;
        var keys = course.Bibliography.Select(s => s.Key).ToHashSet();
        var cited = course.Modules.SelectMany(m => m.Parts)
            .SelectMany(p => new[] { p.Markdown, p.SpeakerNotes ?? "" }.Concat(p.Discussion))
            .SelectMany(text => System.Text.RegularExpressions.Regex.Matches(text, @"\[(S\d+[a-z]?)\]").Select(m => m.Groups[1].Value))
            .Concat(course.Questions.SelectMany(q => q.Sources))
            .ToHashSet();

        Assert.True(cited.Count > 40, $"only {cited.Count} distinct sources cited");
        Assert.Empty(cited.Except(keys));
    }
}
