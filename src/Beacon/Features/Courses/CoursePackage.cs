namespace Beacon.Features.Courses;

/// <summary>
/// A course as published: read from content/courses/&lt;slug&gt;/ (course.yaml, bibliography.yaml,
/// modules/*.md, questions.yaml) and, once published, frozen in the database under its version.
/// </summary>
public sealed record CoursePackage(
    string Id,
    string Title,
    string Version,
    string Summary,
    int PassMark,
    int AttemptLimit,
    string ContentNote,
    IReadOnlyList<CourseTrack> Tracks,
    IReadOnlyList<CourseModule> Modules,
    IReadOnlyList<CourseQuestion> Questions,
    IReadOnlyList<CourseSource> Bibliography)
{
    public CourseTrack? Track(string id) => Tracks.FirstOrDefault(t => t.Id == id);

    public CourseModule? Module(string id) => Modules.FirstOrDefault(m => m.Id == id);

    public CourseQuestion? Question(string id) => Questions.FirstOrDefault(q => q.Id == id);

    /// <summary>The modules of a track, in the track's order.</summary>
    public IReadOnlyList<CourseModule> ModulesOf(CourseTrack track) =>
        [.. track.Modules.Select(Module).OfType<CourseModule>()];

    /// <summary>The questions a track's pre- and post-tests draw from.</summary>
    public IReadOnlyList<CourseQuestion> TestPool(CourseTrack track) =>
        [.. Questions.Where(q => q.Uses.Contains(QuestionUse.Test) && q.Tracks.Contains(track.Id) && track.Modules.Contains(q.Module))];
}

public sealed record CourseTrack(string Id, string Title, string Audience, decimal CeHours, int Minutes, IReadOnlyList<string> Modules, int PreTest, int PostTest);

public sealed record CourseModule(
    string Id,
    string Title,
    int Order,
    IReadOnlyList<string> Tracks,
    IReadOnlyDictionary<string, int> Minutes,
    IReadOnlyList<string> Objectives,
    IReadOnlyList<ModulePart> Parts)
{
    /// <summary>The sections, vignettes and checks a learner of this track sees.</summary>
    public IReadOnlyList<ModulePart> PartsFor(string track) => [.. Parts.Where(p => p.Tracks.Contains(track))];
}

public enum ModulePartKind
{
    Section,
    Vignette,
    KnowledgeCheck,
}

/// <summary>One H2 block of a module: lesson section, case vignette, or knowledge check.</summary>
public sealed record ModulePart(
    ModulePartKind Kind,
    string Title,
    IReadOnlyList<string> Tracks,
    string Markdown,
    string? Setting,
    IReadOnlyList<string> Discussion,
    IReadOnlyList<string> QuestionIds,
    string? SpeakerNotes);

public enum QuestionUse
{
    Check,
    Test,
}

public sealed record CourseQuestion(
    string Id,
    string Module,
    IReadOnlyList<string> Tracks,
    IReadOnlyList<QuestionUse> Uses,
    string Stem,
    IReadOnlyList<string> Options,
    int Answer,
    string Rationale,
    IReadOnlyList<string> Sources);

public sealed record CourseSource(string Key, string Title, string Url, string Confidence, string? Licence);

/// <summary>A problem in a content package: where (file and line) and what.</summary>
public sealed record ContentProblem(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}
