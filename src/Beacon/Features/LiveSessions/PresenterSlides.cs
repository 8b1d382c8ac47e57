using Beacon.Features.Courses;

namespace Beacon.Features.LiveSessions;

public enum SlideKind
{
    Title,
    ContentNote,
    Module,
    Section,
    Vignette,
    Discussion,
    Sources,
    Closing,
}

/// <summary>
/// One slide of the presenter view. Lesson text and notes are already HTML (from LessonRenderer, which
/// encodes everything it is given); titles, settings, questions and options are plain text.
/// </summary>
public sealed record Slide(
    int Number,
    SlideKind Kind,
    string Title,
    string? Module = null,
    string? Html = null,
    string? Setting = null,
    IReadOnlyList<string>? Items = null,
    string? NotesHtml = null)
{
    public string Anchor => $"slide-{Number}";

    public IReadOnlyList<string> List => Items ?? [];
}

/// <summary>
/// Turns a course track into the slides of a live in-service: a title slide and the course's content
/// note, then for each module an
/// opening slide with its objectives, a slide per lesson section and case vignette, and a discussion slide
/// per knowledge-check question (stem and options only: the answer and rationale never reach the page),
/// then the sources cited and a closing slide that sends everyone to the post-test.
/// </summary>
public static class PresenterSlides
{
    private const string DiscussionNotes =
        "<p>Read the question aloud and ask for a show of hands for each option. Ask two or three people why they chose theirs, " +
        "then talk through what the module said. Learners see the answer and its reasoning when they do this check in the self-paced course.</p>";

    public static IReadOnlyList<Slide> Build(CoursePackage course, CourseTrack track, string sessionTitle, LessonContext context)
    {
        var slides = new List<Slide>();
        void Add(Func<int, Slide> make) => slides.Add(make(slides.Count + 1));

        Add(n => new Slide(n, SlideKind.Title, sessionTitle, course.Title));
        // The subject can be distressing and some colleagues may have lived it: say so, and where support is, first.
        Add(n => new Slide(n, SlideKind.ContentNote, "Before we begin", Html: LessonRenderer.ToHtml(course.ContentNote, context)));
        var cited = new List<string>();
        var modules = course.ModulesOf(track);
        for (var m = 0; m < modules.Count; m++)
        {
            var module = modules[m];
            var label = $"Module {m + 1} of {modules.Count}: {module.Title}";
            Add(n => new Slide(n, SlideKind.Module, module.Title, label, Items: module.Objectives));
            foreach (var part in module.PartsFor(track.Id))
            {
                // Notes are written a line per point ("Timing: …", "Ask: …"): each line stays its own paragraph.
                var notes = part.SpeakerNotes is { Length: > 0 } text ? LessonRenderer.ToHtml(text.Replace("\n", "\n\n", StringComparison.Ordinal), context) : null;
                cited.AddRange(LessonRenderer.Citations(part.Markdown));
                cited.AddRange(LessonRenderer.Citations(part.SpeakerNotes ?? ""));
                switch (part.Kind)
                {
                    case ModulePartKind.Section:
                        Add(n => new Slide(n, SlideKind.Section, part.Title, label, LessonRenderer.ToHtml(part.Markdown, context), NotesHtml: notes));
                        break;
                    case ModulePartKind.Vignette:
                        Add(n => new Slide(n, SlideKind.Vignette, part.Title, label, LessonRenderer.ToHtml(part.Markdown, context), part.Setting,
                            [.. part.Discussion.Select(d => LessonRenderer.Fill(d, context))], notes));
                        break;
                    case ModulePartKind.KnowledgeCheck:
                        var questions = part.QuestionIds.Select(course.Question).OfType<CourseQuestion>().Where(q => q.Tracks.Contains(track.Id)).ToList();
                        for (var q = 0; q < questions.Count; q++)
                        {
                            var question = questions[q];
                            var title = questions.Count == 1 ? "Discuss" : $"Discuss ({q + 1} of {questions.Count})";
                            // Only the stem and the options: this page is projected and never holds an answer, not even in the notes.
                            Add(n => new Slide(n, SlideKind.Discussion, title, label, Setting: question.Stem, Items: question.Options, NotesHtml: DiscussionNotes));
                        }
                        break;
                }
            }
        }
        var keys = cited.Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var sources = course.Bibliography.Where(s => keys.Contains(s.Key)).ToList();
        if (sources.Count > 0)
        {
            Add(n => new Slide(n, SlideKind.Sources, "Sources", Items: [.. sources.Select(s => s.Key)]));
        }
        Add(n => new Slide(n, SlideKind.Closing, "Now take the post-test on your phone"));
        return slides;
    }
}
