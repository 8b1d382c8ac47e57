using System.Net;
using System.Text.RegularExpressions;
using Beacon.Data;
using Beacon.Features.Courses;
using Beacon.Features.Learning;
using Beacon.Features.LiveSessions;
using Beacon.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Tests.Learning;

/// <summary>
/// Nothing a learner can fetch gives away an answer before the attempt is submitted: every GET route the
/// app has is crawled with the learner's own ids, and no response carries a rationale or a marked answer
/// of a question still open. After submitting, the same detector finds them on the result page.
/// </summary>
public sealed partial class AnswerKeyCrawlTests
{
    // What the result page and knowledge-check feedback use to single out the best option (matched as written).
    private static readonly string[] Markers = ["Best answer", "is the best answer", "option-best", "Answer key", "answer-key", "data-correct", "data-answer"];

    [Theory, DatabaseData]
    public async Task No_response_a_learner_can_get_shows_an_open_attempts_answers_until_it_is_submitted(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var learner = await app.SignInLearnerAsync(practice, staffIndex: 1);
        var course = LearnerClient.Course;
        var session = await LiveSessionWithLearnerAsync(app, practice.PracticeId, learner);

        // Before anything is answered: no rationale of any question in the bank, no marker, anywhere.
        var pre = await learner.StartTestAsync("pre");
        var ids = new[] { pre, learner.StaffId, session.Id, practice.PracticeId };
        var first = await CrawlAsync(app, learner, ids, session.CheckInCode);
        Assert.True(first.Count(r => r.Status == HttpStatusCode.OK) >= 20, $"only {first.Count(r => r.Status == HttpStatusCode.OK)} pages answered 200");
        Assert.Contains(first, r => r.Url == $"/learn/attempts/{pre}" && r.Status == HttpStatusCode.OK);
        AssertNoLeak(first, course.Questions, "before anything was answered", _ => true);

        // With every module done (knowledge checks answered) and the post-test open: nothing of the open tests.
        await learner.FinishAllModulesAsync();
        var post = await learner.StartTestAsync("post");
        var open = QuestionsOf(course, await PapersAsync(app, pre, post)).Where(q => !q.Uses.Contains(QuestionUse.Check)).ToList();
        Assert.NotEmpty(open);
        var second = await CrawlAsync(app, learner, [.. ids, post], session.CheckInCode);
        Assert.Contains(second, r => r.Url == $"/learn/attempts/{post}" && r.Status == HttpStatusCode.OK);
        // Answered knowledge checks now show their feedback in the lessons; the test pages still show no marker.
        AssertNoLeak(second, open, "while the pre- and post-test were open", url => url.StartsWith("/learn/attempts/", StringComparison.Ordinal) || url.StartsWith("/learn/tests/", StringComparison.Ordinal));

        // The detector works: once submitted, the result page shows the rationales of that attempt's questions.
        var submitted = await learner.Client.PostFormAsync($"/learn/attempts/{post}", await LearnerClient.AnswersAsync(app, post));
        var result = await learner.Client.GetStringAsync(submitted.Headers.Location!.OriginalString);
        var postQuestions = QuestionsOf(course, await PapersAsync(app, post));
        Assert.All(postQuestions, q => Assert.Contains(Snippet(q), Normalise(result), StringComparison.Ordinal));
        Assert.Contains("Best answer", result, StringComparison.Ordinal);
    }

    private static void AssertNoLeak(IEnumerable<Fetched> responses, IEnumerable<CourseQuestion> questions, string when, Func<string, bool> checkMarkers)
    {
        var snippets = questions.Select(q => (q.Id, Text: Snippet(q))).ToList();
        foreach (var response in responses)
        {
            var body = Normalise(response.Body);
            foreach (var (id, text) in snippets)
            {
                Assert.False(body.Contains(text, StringComparison.Ordinal), $"{response.Url} showed the rationale of {id} {when}");
            }
            foreach (var marker in checkMarkers(response.Url) ? Markers : [])
            {
                Assert.False(response.Body.Contains(marker, StringComparison.Ordinal), $"{response.Url} contains \"{marker}\" {when}");
            }
        }
    }

    /// <summary>Every GET route, with each route value filled from what this learner has (or may guess).</summary>
    private static async Task<List<Fetched>> CrawlAsync(BeaconApp app, LearnerClient learner, IReadOnlyList<Guid> ids, string code)
    {
        var course = LearnerClient.Course;
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["moduleId"] = [.. learner.Modules.Select(m => m.Id)],
            ["kind"] = ["pre", "post"],
            ["code"] = [code, "404"],
        };
        var urls = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            var pattern = endpoint.RoutePattern;
            if (methods is { Count: > 0 } && !methods.Contains("GET") || pattern.RawText!.Contains("sign-out", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var url in Expand(pattern, values, ids, learner, course))
            {
                urls.Add(url);
            }
        }

        var fetched = new List<Fetched>();
        foreach (var url in urls)
        {
            using var response = await learner.Client.GetAsync(url);
            fetched.Add(new Fetched(url, response.StatusCode, await response.Content.ReadAsStringAsync()));
        }
        return fetched;
    }

    private static IEnumerable<string> Expand(RoutePattern pattern, Dictionary<string, IReadOnlyList<string>> values, IReadOnlyList<Guid> ids, LearnerClient learner, CoursePackage course)
    {
        IEnumerable<string> paths = [""];
        foreach (var segment in pattern.PathSegments)
        {
            IEnumerable<string> texts = [""];
            foreach (var part in segment.Parts)
            {
                IReadOnlyList<string> options = part switch
                {
                    RoutePatternLiteralPart literal => [literal.Content],
                    RoutePatternSeparatorPart separator => [separator.Content],
                    RoutePatternParameterPart { Name: "part" } => [.. Enumerable.Range(1, learner.Modules.Max(m => learner.PartsOf(m.Id).Count)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                    RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content?.StartsWith("guid", StringComparison.Ordinal) == true) => [.. ids.Select(id => id.ToString())],
                    RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content?.StartsWith("int", StringComparison.Ordinal) == true) => ["404"],
                    RoutePatternParameterPart parameter => values.TryGetValue(parameter.Name, out var known) ? known : [course.Id],
                    _ => [""],
                };
                texts = [.. texts.SelectMany(t => options.Select(o => t + o))];
            }
            paths = [.. paths.SelectMany(p => texts.Select(t => p + "/" + t))];
        }
        return paths.Select(p => p.Length == 0 ? "/" : p.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/");
    }

    private static async Task<LiveSession> LiveSessionWithLearnerAsync(BeaconApp app, Guid practiceId, LearnerClient learner) =>
        await app.WithDbAsync(async db =>
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            var session = new LiveSession
            {
                PracticeId = practiceId, Title = "Spring in-service", CourseId = LearnerClient.Course.Id, Version = LearnerClient.Course.Version,
                Track = learner.Track, InstructorUserId = learner.Account.UserId, StartsAt = now.AddMinutes(-10), EndsAt = now.AddMinutes(50),
                CheckInCode = "KEYTST", CreatedAt = now,
            };
            db.LiveSessions.Add(session);
            db.Attendances.Add(new Attendance { PracticeId = practiceId, SessionId = session.Id, StaffMemberId = learner.StaffId, CheckedInAt = now });
            await db.SaveChangesAsync();
            return session;
        }, practiceId);

    private static async Task<List<PaperItem>> PapersAsync(BeaconApp app, params Guid[] attempts)
    {
        var rows = await app.WithDbAsync(db => db.AssessmentAttempts.All().AsNoTracking().Where(a => attempts.Contains(a.Id)).ToListAsync());
        return [.. rows.SelectMany(Assessments.PaperOf)];
    }

    private static List<CourseQuestion> QuestionsOf(CoursePackage course, IEnumerable<PaperItem> paper) =>
        [.. paper.Select(item => course.Question(item.Q)!).DistinctBy(q => q.Id)];

    /// <summary>The start of a rationale as a page shows it (before any citation in brackets), whitespace collapsed.</summary>
    private static string Snippet(CourseQuestion question)
    {
        var text = Normalise(question.Rationale.Split('(')[0]).Trim();
        return text.Length > 80 ? text[..80] : text;
    }

    private static string Normalise(string text) => Spaces().Replace(WebUtility.HtmlDecode(text), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private sealed record Fetched(string Url, HttpStatusCode Status, string Body);
}
