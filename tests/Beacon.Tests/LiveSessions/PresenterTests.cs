using Beacon.Data;
using Beacon.Features.Courses;
using Beacon.Tests.Infrastructure;

namespace Beacon.Tests.LiveSessions;

public sealed class PresenterTests
{
    private static readonly CoursePackage Course = LiveSessionTestSupport.Course;

    [Theory, DatabaseData]
    public async Task The_presenter_view_has_a_slide_for_every_part_of_the_track_and_no_answer_anywhere(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var (instructor, client) = await app.SignedInInstructorAsync(practice.PracticeId);
        foreach (var trackId in Course.Tracks.Select(t => t.Id))
        {
            await AssertSlidesAsync(app, client, practice.PracticeId, instructor.UserId, trackId);
        }
    }

    private static async Task AssertSlidesAsync(BeaconApp app, HttpClient client, Guid practiceId, Guid instructorId, string trackId)
    {
        var session = await app.CreateSessionAsync(practiceId, instructorId, TimeSpan.FromHours(1), track: trackId, title: "Quarterly in-service");
        var track = Course.Track(trackId)!;

        var response = await client.GetAsync($"/sessions/{session.Id}/present");
        var html = await response.Content.ReadAsStringAsync();
        var page = await Html.ParseAsync(response);
        var slides = page.QuerySelectorAll("[data-slide]").ToList();

        var modules = Course.ModulesOf(track);
        var parts = modules.SelectMany(m => m.PartsFor(trackId)).ToList();
        var lessonParts = parts.Where(p => p.Kind is ModulePartKind.Section or ModulePartKind.Vignette).ToList();
        var checks = parts.Where(p => p.Kind == ModulePartKind.KnowledgeCheck)
            .SelectMany(p => p.QuestionIds).Select(id => Course.Question(id)!).Where(q => q.Tracks.Contains(trackId)).ToList();
        // Title, content note, a slide per module, per section or vignette, per check question, sources, closing.
        Assert.Equal(2 + modules.Count + lessonParts.Count + checks.Count + 2, slides.Count);
        Assert.Equal(Enumerable.Range(1, slides.Count).Select(n => $"slide-{n}"), slides.Select(s => s.Id));
        Assert.Equal("Quarterly in-service", page.QuerySelector("h1")!.TextContent);
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Contains(session.CheckInCode, slides[0].TextContent, StringComparison.Ordinal);
        Assert.NotNull(slides[0].QuerySelector("img[src^='data:image/png;base64,'][alt]"));
        Assert.Contains("take the post-test on your phone", slides[^1].TextContent, StringComparison.OrdinalIgnoreCase);

        var headings = slides.Select(s => s.QuerySelector(".slide-title")!.TextContent).ToList();
        foreach (var part in lessonParts)
        {
            Assert.Contains(part.Kind == ModulePartKind.Vignette ? $"Case: {part.Title}" : part.Title, headings);
        }
        foreach (var vignette in lessonParts.Where(p => p.Kind == ModulePartKind.Vignette))
        {
            var slide = slides.Single(s => s.QuerySelector(".slide-title")!.TextContent == $"Case: {vignette.Title}");
            Assert.Contains($"Setting: {vignette.Setting}", slide.TextContent, StringComparison.Ordinal);
            Assert.Equal(vignette.Discussion.Count, slide.QuerySelectorAll(".slide-body ol.slide-list li").Length);
        }
        // Each discussion slide shows the question and its options, and nothing that says which is right.
        var discussion = slides.Where(s => s.ClassList.Contains("slide-discussion")).ToList();
        Assert.Equal(checks.Count, discussion.Count);
        foreach (var (question, slide) in checks.Zip(discussion))
        {
            Assert.Contains(question.Stem, slide.TextContent, StringComparison.Ordinal);
            Assert.Equal(question.Options, slide.QuerySelectorAll(".slide-options li").Select(li => li.TextContent));
        }
        foreach (var question in Course.Questions)
        {
            Assert.DoesNotContain(question.Rationale, html, StringComparison.Ordinal);
            Assert.DoesNotContain(question.Rationale, page.Body!.TextContent, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("correct", string.Concat(discussion.Select(s => s.OuterHtml)), StringComparison.OrdinalIgnoreCase);
        // The post-test's own questions are never projected.
        foreach (var question in Course.TestPool(track))
        {
            Assert.DoesNotContain(question.Stem, page.Body!.TextContent, StringComparison.Ordinal);
        }

        // Speaker notes travel with their slides; the script (a file, never inline) hides and shows them.
        var firstSection = parts.First(p => p.Kind == ModulePartKind.Section && p.SpeakerNotes is not null);
        var notes = slides.Single(s => s.QuerySelector(".slide-title")!.TextContent == firstSection.Title).QuerySelector("[data-notes]");
        Assert.NotNull(notes);
        Assert.Contains(firstSection.SpeakerNotes!.Split('\n')[0].Split('[')[0].Trim(), notes.TextContent, StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll("script"), s => s.GetAttribute("src")?.StartsWith("/js/presenter.js", StringComparison.Ordinal) == true);
        Assert.All(page.QuerySelectorAll("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src"))));
        Assert.Empty(page.QuerySelectorAll("[style]"));
        // Without script the list of slides links to each one.
        Assert.Equal(slides.Count, page.QuerySelectorAll("[data-presenter-contents] ol a[href^='#slide-']").Length);
        // Every citation on a slide leads to the sources slide.
        var cited = page.QuerySelectorAll("a.citation").Select(a => a.GetAttribute("href")!.TrimStart('#')).Distinct().ToList();
        Assert.NotEmpty(cited);
        Assert.All(cited, id => Assert.NotNull(page.GetElementById(id)));
    }
}
