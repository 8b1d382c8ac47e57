using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Beacon.Features.Courses;

/// <summary>The outcome of reading a package: the course when it is sound, and every problem found.</summary>
public sealed record ContentLoadResult(CoursePackage? Package, IReadOnlyList<ContentProblem> Problems, string ContentHash)
{
    public bool Ok => Package is not null && Problems.Count == 0;
}

/// <summary>
/// Reads and checks a course package directory. It never stops at the first problem: it reports every
/// one with its file and line (unknown citation key, question without rationale, duplicate id, module
/// without objectives, hotline number written into a lesson, …), so an author fixes them in one pass.
/// </summary>
public static partial class ContentLoader
{
    public const string CourseFile = "course.yaml";
    public const string BibliographyFile = "bibliography.yaml";
    public const string QuestionsFile = "questions.yaml";
    public const string ModulesFolder = "modules";

    /// <summary>Placeholders lessons use for data that changes (hotline, practice): filled in when shown.</summary>
    public static readonly IReadOnlySet<string> Tokens = new HashSet<string>(StringComparer.Ordinal)
    {
        "hotline.name", "hotline.phone", "hotline.text", "hotline.web", "hotline.lastVerified", "practice.name", "practice.eapContact",
    };

    public static ContentLoadResult Load(string directory)
    {
        var problems = new List<ContentProblem>();
        if (!Directory.Exists(directory))
        {
            problems.Add(new ContentProblem(directory, 0, "the course folder does not exist"));
            return new ContentLoadResult(null, problems, "");
        }

        var bibliography = ReadBibliography(directory, problems);
        var keys = bibliography.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var course = ReadCourse(directory, problems);
        var modules = ReadModules(directory, course?.TrackIds ?? [], keys, problems);
        var questions = ReadQuestions(directory, modules, keys, problems);
        if (course is not null)
        {
            CheckCrossReferences(course, modules, questions, problems);
        }

        var hash = HashOf(directory);
        var package = course is null
            ? null
            : new CoursePackage(course.Id, course.Title, course.Version, course.Summary, course.PassMark, course.AttemptLimit, course.ContentNote,
                course.Tracks, [.. modules.OrderBy(m => m.Order)], questions, bibliography);
        return new ContentLoadResult(problems.Count == 0 ? package : null, problems, hash);
    }

    /// <summary>SHA-256 over every file of the package (path and text, line endings normalised): its identity.</summary>
    public static string HashOf(string directory)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(directory, path).Replace('\\', '/');
            sha.AppendData(Encoding.UTF8.GetBytes(relative + "\n"));
            sha.AppendData(Encoding.UTF8.GetBytes(File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n"));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private sealed record CourseHeader(string Id, string Title, string Version, string Summary, int PassMark, int AttemptLimit, string ContentNote, IReadOnlyList<CourseTrack> Tracks)
    {
        public IReadOnlyList<string> TrackIds => [.. Tracks.Select(t => t.Id)];
    }

    private static CourseHeader? ReadCourse(string directory, List<ContentProblem> problems)
    {
        var file = CourseFile;
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            problems.Add(new ContentProblem(file, 0, "missing: every package needs a course.yaml"));
            return null;
        }
        var yaml = new YamlNodes(file, problems);
        if (yaml.Mapping(yaml.Parse(File.ReadAllText(path)), "course.yaml") is not { } map)
        {
            return null;
        }
        var id = yaml.Text(map, "id");
        if (id.Length > 0 && !Slug().IsMatch(id))
        {
            problems.Add(new ContentProblem(file, YamlNodes.Line(YamlNodes.Field(map, "id")!), $"id '{id}' must be lower-case letters, digits and hyphens"));
        }
        var version = yaml.Text(map, "version");
        if (version.Length > 0 && !Version().IsMatch(version))
        {
            problems.Add(new ContentProblem(file, YamlNodes.Line(YamlNodes.Field(map, "version")!), $"version '{version}' must look like 1.0.0"));
        }
        var tracks = new List<CourseTrack>();
        if (yaml.Sequence(YamlNodes.Field(map, "tracks"), "field 'tracks'") is { } list)
        {
            foreach (var item in list.Children)
            {
                if (yaml.Mapping(item, "each track") is not { } t)
                {
                    continue;
                }
                var track = new CourseTrack(
                    yaml.Text(t, "id"), yaml.Text(t, "title"), yaml.Text(t, "audience"),
                    yaml.Number(t, "ceHours", 0.1m, 40m), yaml.Integer(t, "minutes", 5, 600),
                    yaml.Texts(t, "modules"), yaml.Integer(t, "preTest", 1, 100), yaml.Integer(t, "postTest", 1, 100));
                if (tracks.Any(x => x.Id == track.Id))
                {
                    problems.Add(new ContentProblem(file, YamlNodes.Line(t), $"duplicate track id '{track.Id}'"));
                }
                if (track.Modules.Count == 0)
                {
                    problems.Add(new ContentProblem(file, YamlNodes.Line(t), $"track '{track.Id}' lists no modules"));
                }
                tracks.Add(track);
            }
            if (tracks.Count == 0)
            {
                problems.Add(new ContentProblem(file, YamlNodes.Line(list), "the course needs at least one track"));
            }
        }
        return new CourseHeader(id, yaml.Text(map, "title"), version, yaml.Text(map, "summary"),
            yaml.Integer(map, "passMark", 1, 100), yaml.Integer(map, "attemptLimit", 1, 20), yaml.Text(map, "contentNote"), tracks);
    }

    internal static List<CourseSource> ReadBibliography(string directory, List<ContentProblem> problems)
    {
        var file = BibliographyFile;
        var path = Path.Combine(directory, file);
        var sources = new List<CourseSource>();
        if (!File.Exists(path))
        {
            problems.Add(new ContentProblem(file, 0, "missing: citations need a bibliography.yaml"));
            return sources;
        }
        var yaml = new YamlNodes(file, problems);
        if (yaml.Sequence(yaml.Parse(File.ReadAllText(path)), "bibliography.yaml") is not { } list)
        {
            return sources;
        }
        foreach (var item in list.Children)
        {
            if (yaml.Mapping(item, "each source") is not { } s)
            {
                continue;
            }
            // A source is found again by its address, or, where it has none, by a written citation.
            var url = yaml.Text(s, "url", required: false);
            var citation = yaml.Text(s, "citation", required: false);
            var source = new CourseSource(yaml.Text(s, "key"), yaml.Text(s, "title"), url.Length > 0 ? url : citation, yaml.Text(s, "confidence"), yaml.Text(s, "licence", required: false) is { Length: > 0 } l ? l : null);
            if (url.Length == 0 && citation.Length == 0)
            {
                problems.Add(new ContentProblem(file, YamlNodes.Line(s), $"source {source.Key}: give a 'url' or, where there is none, a 'citation'"));
            }
            if (source.Key.Length > 0 && !CitationKey().IsMatch(source.Key))
            {
                problems.Add(new ContentProblem(file, YamlNodes.Line(s), $"source key '{source.Key}' must look like S12 or S29a"));
            }
            if (source.Confidence.Length > 0 && source.Confidence is not ("H" or "M" or "L"))
            {
                problems.Add(new ContentProblem(file, YamlNodes.Line(s), $"source {source.Key}: confidence must be H, M or L"));
            }
            if (sources.Any(x => x.Key == source.Key))
            {
                problems.Add(new ContentProblem(file, YamlNodes.Line(s), $"duplicate source key '{source.Key}'"));
            }
            sources.Add(source);
        }
        return sources;
    }

    private static List<CourseModule> ReadModules(string directory, IReadOnlyList<string> courseTracks, IReadOnlySet<string> keys, List<ContentProblem> problems)
    {
        var modules = new List<CourseModule>();
        var folder = Path.Combine(directory, ModulesFolder);
        if (!Directory.Exists(folder))
        {
            problems.Add(new ContentProblem(ModulesFolder, 0, "missing: lessons live in modules/*.md"));
            return modules;
        }
        foreach (var path in Directory.EnumerateFiles(folder, "*.md").OrderBy(p => p, StringComparer.Ordinal))
        {
            var file = $"{ModulesFolder}/{Path.GetFileName(path)}";
            if (ModuleMarkdown.Read(file, File.ReadAllLines(path), courseTracks, keys, problems) is not { } module)
            {
                continue;
            }
            if (modules.Any(m => m.Id == module.Id))
            {
                problems.Add(new ContentProblem(file, 2, $"duplicate module id '{module.Id}' (also used by another module file)"));
            }
            if (modules.Any(m => m.Order == module.Order))
            {
                problems.Add(new ContentProblem(file, 2, $"another module already has order {module.Order}"));
            }
            modules.Add(module);
        }
        return modules;
    }

    private static List<CourseQuestion> ReadQuestions(string directory, IReadOnlyList<CourseModule> modules, IReadOnlySet<string> keys, List<ContentProblem> problems)
    {
        var file = QuestionsFile;
        var path = Path.Combine(directory, file);
        var questions = new List<CourseQuestion>();
        if (!File.Exists(path))
        {
            problems.Add(new ContentProblem(file, 0, "missing: the course needs a question bank"));
            return questions;
        }
        var yaml = new YamlNodes(file, problems);
        if (yaml.Sequence(yaml.Parse(File.ReadAllText(path)), "questions.yaml") is not { } list)
        {
            return questions;
        }
        foreach (var item in list.Children)
        {
            if (yaml.Mapping(item, "each question") is not { } q)
            {
                continue;
            }
            var line = YamlNodes.Line(q);
            var id = yaml.Text(q, "id");
            var moduleId = yaml.Text(q, "module");
            var tracks = yaml.Texts(q, "tracks");
            var uses = new List<QuestionUse>();
            foreach (var use in yaml.Texts(q, "use"))
            {
                if (use == "check")
                {
                    uses.Add(QuestionUse.Check);
                }
                else if (use == "test")
                {
                    uses.Add(QuestionUse.Test);
                }
                else
                {
                    problems.Add(new ContentProblem(file, line, $"question {id}: use '{use}' must be check or test"));
                }
            }
            var options = yaml.Texts(q, "options");
            var answer = yaml.Integer(q, "answer", 1, 4);
            var rationale = yaml.Text(q, "rationale", required: false);
            var sources = yaml.Texts(q, "source", required: false);

            if (questions.Any(x => x.Id == id))
            {
                problems.Add(new ContentProblem(file, line, $"duplicate question id '{id}'"));
            }
            var module = modules.FirstOrDefault(m => m.Id == moduleId);
            if (moduleId.Length > 0 && module is null)
            {
                problems.Add(new ContentProblem(file, line, $"question {id}: unknown module '{moduleId}'"));
            }
            foreach (var track in tracks.Where(t => module is not null && !module.Tracks.Contains(t)))
            {
                problems.Add(new ContentProblem(file, line, $"question {id}: track '{track}' is not a track of module '{moduleId}'"));
            }
            if (options.Count != 4)
            {
                problems.Add(new ContentProblem(file, line, $"question {id}: needs exactly 4 options (found {options.Count})"));
            }
            foreach (var option in options.Where(o => AllOrNone().IsMatch(o)))
            {
                problems.Add(new ContentProblem(file, line, $"question {id}: 'all/none of the above' is not allowed ('{option}')"));
            }
            if (options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count)
            {
                problems.Add(new ContentProblem(file, line, $"question {id}: two options are the same"));
            }
            if (rationale.Length == 0)
            {
                problems.Add(new ContentProblem(file, line, $"question {id}: has no rationale"));
            }
            if (sources.Count == 0)
            {
                problems.Add(new ContentProblem(file, line, $"question {id}: has no source"));
            }
            foreach (var key in sources.Where(k => !keys.Contains(k)))
            {
                problems.Add(new ContentProblem(file, line, $"question {id}: unknown citation key '{key}'"));
            }
            if (uses.Count == 0)
            {
                problems.Add(new ContentProblem(file, line, $"question {id}: use must list check and/or test"));
            }
            questions.Add(new CourseQuestion(id, moduleId, tracks, uses, yaml.Text(q, "stem"), options, answer, rationale, sources));
        }
        return questions;
    }

    private static void CheckCrossReferences(CourseHeader course, IReadOnlyList<CourseModule> modules, IReadOnlyList<CourseQuestion> questions, List<ContentProblem> problems)
    {
        foreach (var track in course.Tracks)
        {
            foreach (var moduleId in track.Modules.Where(m => modules.All(x => x.Id != m)))
            {
                problems.Add(new ContentProblem(CourseFile, 0, $"track '{track.Id}' lists module '{moduleId}', which has no file in modules/"));
            }
            foreach (var module in modules.Where(m => track.Modules.Contains(m.Id) && !m.Tracks.Contains(track.Id)))
            {
                problems.Add(new ContentProblem(CourseFile, 0, $"track '{track.Id}' lists module '{module.Id}', but that module is not written for the track"));
            }
            var pool = questions.Count(q => q.Uses.Contains(QuestionUse.Test) && q.Tracks.Contains(track.Id) && track.Modules.Contains(q.Module));
            if (pool < Math.Max(track.PreTest, track.PostTest))
            {
                problems.Add(new ContentProblem(QuestionsFile, 0, $"track '{track.Id}' draws {Math.Max(track.PreTest, track.PostTest)} test questions but only {pool} test questions fit it"));
            }
        }
        foreach (var module in modules)
        {
            var file = $"{ModulesFolder}/{module.Order:D2}-{module.Id}.md";
            foreach (var part in module.Parts.Where(p => p.Kind == ModulePartKind.KnowledgeCheck))
            {
                foreach (var id in part.QuestionIds)
                {
                    var question = questions.FirstOrDefault(q => q.Id == id);
                    if (question is null)
                    {
                        problems.Add(new ContentProblem(file, 0, $"knowledge check names unknown question '{id}'"));
                    }
                    else if (question.Module != module.Id || !question.Uses.Contains(QuestionUse.Check))
                    {
                        problems.Add(new ContentProblem(file, 0, $"knowledge check question '{id}' must belong to module '{module.Id}' and have 'check' in use"));
                    }
                }
            }
            if (!course.Tracks.Any(t => t.Modules.Contains(module.Id)))
            {
                problems.Add(new ContentProblem(file, 0, $"module '{module.Id}' is in no track"));
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex Version();

    [GeneratedRegex(@"^S\d+[a-z]?$")]
    internal static partial Regex CitationKey();

    [GeneratedRegex(@"\b(all|none|both) of the above\b", RegexOptions.IgnoreCase)]
    private static partial Regex AllOrNone();
}
