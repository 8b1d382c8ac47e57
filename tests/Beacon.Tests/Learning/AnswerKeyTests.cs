using System.Net;
using AngleSharp.Dom;
using Beacon.Data;
using Beacon.Features.Courses;
using Beacon.Tests.Infrastructure;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Learning;

/// <summary>
/// No page or response a learner gets before answering holds a rationale or anything that singles out the
/// best option. Every learner page of the player and the tests is fetched, for both tracks, and searched.
/// </summary>
public sealed class AnswerKeyTests
{
    private static readonly CoursePackage Course = LearnerClient.Course;

    [Theory, DatabaseData]
    public async Task No_learner_page_holds_a_rationale_or_marks_the_best_option_before_it_is_answered(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var scanned = 0;
        foreach (var staffIndex in new[] { 0, 1 })
        {
            var learner = await app.SignInLearnerAsync(practice, staffIndex);
            async Task<IDocument> ScanAsync(string url, HttpResponseMessage? posted = null, bool learnerChose = false)
            {
                var response = posted ?? await learner.Client.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
                var html = await response.Content.ReadAsStringAsync();
                AssertNoRationale(url, html);
                var document = await ParseAsync(new HttpResponseMessage { Content = new StringContent(html) });
                AssertNoMarkedOption(url, document, learnerChose);
                scanned++;
                return document;
            }

            await ScanAsync("/learn");
            await ScanAsync("/learn/tests/pre");
            await ScanAsync("/learn/tests/post");
            foreach (var module in learner.Modules)
            {
                var parts = learner.PartsOf(module.Id);
                for (var part = 1; part <= parts.Count; part++)
                {
                    var page = await ScanAsync(LearnerClient.PartUrl(module.Id, part));
                    if (parts[part - 1].Kind == ModulePartKind.KnowledgeCheck)
                    {
                        Assert.Equal(learner.ChecksOf(module.Id).Count, page.QuerySelectorAll("form[data-knowledge-check]").Length);
                    }
                }
                await ScanAsync($"/learn/modules/{module.Id}/print");
            }

            // A refused answer (no choice made) re-shows the page: still nothing revealed.
            var firstModule = learner.Modules[0].Id;
            var checkPart = learner.PartsOf(firstModule).Count;
            var check = learner.ChecksOf(firstModule)[0];
            await ScanAsync("answer without a choice", await learner.Client.PostFormAsync($"{LearnerClient.PartUrl(firstModule, checkPart)}?handler=Answer", [F("QuestionId", check.Id)], tokenPage: LearnerClient.PartUrl(firstModule, checkPart)));

            var pre = await learner.StartTestAsync("pre");
            var prePage = await ScanAsync($"/learn/attempts/{pre}");
            Assert.Equal(Course.Track(learner.Track)!.PreTest, prePage.QuerySelectorAll("fieldset").Length);
            // Submitted with blanks: the page comes back with the learner's own choice kept, and nothing else.
            await ScanAsync("submit with blanks", await learner.Client.PostFormAsync($"/learn/attempts/{pre}", [F("Answers[1]", "2")]), learnerChose: true);

            await learner.FinishAllModulesAsync();
            var post = await learner.StartTestAsync("post");
            var postPage = await ScanAsync($"/learn/attempts/{post}");
            Assert.Equal(20, postPage.QuerySelectorAll("fieldset").Length);

            // The control: once submitted, every rationale of the attempt is on its result page.
            var submitted = await learner.Client.PostFormAsync($"/learn/attempts/{post}", await LearnerClient.AnswersAsync(app, post));
            var result = WebUtility.HtmlDecode(await (await learner.Client.GetAsync(submitted.Headers.Location!.OriginalString)).Content.ReadAsStringAsync());
            var attempt = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.AssessmentAttempts.All(), a => a.Id == post));
            Assert.All(Beacon.Features.Learning.Assessments.PaperOf(attempt), item =>
                Assert.Contains(Distinctive(Course.Question(item.Q)!.Rationale), PlayerTests.Normalise(result), StringComparison.Ordinal));
        }
        Assert.True(scanned > 80, $"only {scanned} pages scanned");
    }

    /// <summary>
    /// The longest stretch of a rationale outside its "(option N)" references: pages show those references
    /// rewritten as letters, so the stretch between them is what identifies the rationale on a page.
    /// </summary>
    public static string Distinctive(string rationale) =>
        PlayerTests.Normalise(rationale.Split('(', ')').MaxBy(s => s.Length)!).Trim(' ', '.', ',', ';');

    private static void AssertNoRationale(string url, string html)
    {
        var text = PlayerTests.Normalise(WebUtility.HtmlDecode(html));
        var found = Course.Questions.Where(q => text.Contains(Distinctive(q.Rationale), StringComparison.Ordinal)).Select(q => q.Id).ToList();
        Assert.True(found.Count == 0, $"{url} holds the rationale of {string.Join(", ", found)}");
    }

    /// <summary>
    /// Within each question, the options' inputs and labels carry the same attributes and classes (only id,
    /// for and value differ), none is pre-selected, and nothing names the best option.
    /// </summary>
    private static void AssertNoMarkedOption(string url, IDocument document, bool learnerChose)
    {
        foreach (var fieldset in document.QuerySelectorAll("fieldset").Where(f => f.QuerySelector("input[type=radio]") is not null))
        {
            var radios = fieldset.QuerySelectorAll("input[type=radio]").ToList();
            Assert.True(radios.Count >= 2, $"{url}: a question with fewer than two options");
            if (!learnerChose)
            {
                Assert.All(radios, r => Assert.False(r.HasAttribute("checked"), $"{url}: an option is pre-selected"));
            }
            Assert.Single(radios.Select(r => Shape(r, "id", "value", "checked")).Distinct());
            Assert.Single(radios.Select(r => Shape(r.ParentElement!, "id")).Distinct());
            Assert.Single(fieldset.QuerySelectorAll("label").Select(l => Shape(l, "for")).Distinct());
            Assert.Equal(radios.Select((_, i) => (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), radios.Select(r => r.GetAttribute("value")));
        }
        var text = document.Body!.TextContent;
        Assert.DoesNotContain("Best answer", text, StringComparison.Ordinal);
        Assert.DoesNotContain("the best answer is", text, StringComparison.Ordinal);
    }

    private static string Shape(IElement element, params string[] ignored) =>
        element.LocalName + "|" + string.Join("|", element.Attributes.Where(a => !ignored.Contains(a.Name)).OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => $"{a.Name}={a.Value}"));
}
