using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Learning;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Learning;

public sealed class PlayerTests
{
    [Theory, DatabaseData]
    public async Task My_training_shows_the_track_content_note_and_modules_of_a_front_desk_learner(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        await app.WithDbAsync(db => db.Practices.Where(p => p.Id == practice.PracticeId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.EmployeeAssistance, "Acme EAP, 1-800-555-0100")));
        var learner = await app.SignInLearnerAsync(practice, staffIndex: 1);

        var page = await learner.Client.GetPageAsync("/learn");

        Assert.Equal("non-clinical", learner.Track);
        Assert.Contains("Your track: Front desk, billing and other non-clinical staff", page.Text("#track-heading"), StringComparison.Ordinal);
        var note = page.Text(".content-note");
        Assert.Contains("Acme EAP, 1-800-555-0100", note, StringComparison.Ordinal);
        Assert.Contains("1-888-373-7888", note, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", note, StringComparison.Ordinal);
        var rows = page.QuerySelectorAll(".module-list tbody tr");
        Assert.Equal(learner.Modules.Select(m => m.Title), rows.Select(r => r.QuerySelector("a")!.TextContent.Split(". ", 2)[1]));
        Assert.All(rows, r => Assert.Equal("Not started", r.QuerySelector(".module-status")!.TextContent));
        Assert.Equal($"/learn/modules/{learner.Modules[0].Id}/1", page.QuerySelector(".content-note a.btn")!.GetAttribute("href"));
        Assert.Contains("opens once you have finished every module", page.Text("#tests-heading + .row"), StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task An_account_without_an_active_roster_record_is_told_to_ask_the_practice_administrator(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 1);
        var unlinked = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Learner));
        var leaver = await app.SignInLearnerAsync(practice, staffIndex: 0);
        await app.WithDbAsync(db => db.StaffMembers.All().Where(s => s.Id == leaver.StaffId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false)));

        foreach (var client in new[] { unlinked, leaver.Client })
        {
            var page = await client.GetPageAsync("/learn");
            Assert.Contains("Ask your practice administrator to link your account", page.Text("main"), StringComparison.Ordinal);
            var lesson = await client.GetAsync("/learn/modules/awareness/1");
            Assert.Equal("/learn", lesson.Headers.Location?.OriginalString);
        }
        Assert.Equal(0, await app.WithDbAsync(db => db.CourseProgress.All().CountAsync()));
    }

    [Theory, DatabaseData]
    public async Task Resume_lands_on_the_saved_block_from_a_second_device(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 1);
        var laptop = await app.SignInLearnerAsync(practice, staffIndex: 0);
        var module = laptop.Modules[1];

        await laptop.ViewAsync(laptop.Modules[0].Id, 1);
        var seen = await laptop.ViewAsync(module.Id, 3);
        var phone = await app.SecondDeviceAsync(laptop);
        var start = await phone.Client.GetPageAsync("/learn");
        var resume = start.QuerySelectorAll("a").Single(a => a.TextContent.Contains("Resume where you left off", StringComparison.Ordinal)).GetAttribute("href")!;
        var moduleAddress = await phone.Client.GetAsync($"/learn/modules/{module.Id}");
        var resumed = await phone.Client.GetPageAsync(resume);

        Assert.Equal($"/learn/modules/{module.Id}/3", resume);
        Assert.Equal(resume, moduleAddress.Headers.Location?.OriginalString);
        Assert.Equal(seen.Text("#block-heading"), resumed.Text("#block-heading"));
        Assert.Equal($"Part 3 of {laptop.PartsOf(module.Id).Count}", resumed.Text("#part-progress"));
        var progress = await app.WithDbAsync(db => db.CourseProgress.All().AsNoTracking().SingleAsync());
        Assert.Equal((module.Id, 2, LearnerClient.Course.Version, "clinical"), (progress.CurrentModuleId, progress.CurrentPart, progress.Version, progress.Track));
        Assert.Equal("In progress", start.QuerySelectorAll(".module-list tbody tr")[1].QuerySelector(".module-status")!.TextContent);
    }

    [Theory, DatabaseData]
    public async Task A_module_is_done_only_when_its_end_is_reached_and_every_knowledge_check_question_answered(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var learner = await app.SignInLearnerAsync(practice, staffIndex: 1);
        var module = learner.Modules[0].Id;
        var parts = learner.PartsOf(module);
        var checks = learner.ChecksOf(module);
        Task<int> DoneAsync() => app.WithDbAsync(db => db.ModuleCompletions.All().CountAsync(m => m.ModuleId == module));

        for (var part = 1; part <= parts.Count; part++)
        {
            await learner.ViewAsync(module, part);
        }
        Assert.Equal(0, await DoneAsync());

        // Every question but the last: still not done, and the page says what is missing.
        foreach (var question in checks.SkipLast(1))
        {
            await learner.AnswerAsync(module, question, question.Answer % 4 + 1);
        }
        var checkPage = await learner.ViewAsync(module, parts.Count);
        Assert.Equal(0, await DoneAsync());
        Assert.Contains("Answer every question to finish this module", checkPage.Text("#module-status"), StringComparison.Ordinal);

        // Wrong answers still count as answered: the knowledge check teaches, it does not grade.
        await learner.AnswerAsync(module, checks[^1], checks[^1].Answer);
        Assert.Equal(1, await DoneAsync());
        var done = await learner.ViewAsync(module, parts.Count);
        Assert.Contains("You have finished this module", done.Text("#module-status"), StringComparison.Ordinal);
        var list = await learner.Client.GetPageAsync("/learn");
        Assert.Equal("Done", list.QuerySelectorAll(".module-list tbody tr")[0].QuerySelector(".module-status")!.TextContent);
        Assert.Equal(checks.Count, await app.WithDbAsync(db => db.CheckAnswers.All().CountAsync()));
    }

    [Theory, DatabaseData]
    public async Task Knowledge_check_feedback_appears_for_the_answered_question_only_with_and_without_script(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 1);
        var learner = await app.SignInLearnerAsync(practice, staffIndex: 0);
        var module = learner.Modules[0].Id;
        var checks = learner.ChecksOf(module);
        var checkPart = learner.PartsOf(module).Count;

        var plain = await learner.AnswerAsync(module, checks[0], checks[0].Answer % 4 + 1);
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.Equal($"/learn/modules/{module}/{checkPart}#check-{checks[0].Id}", plain.Headers.Location?.OriginalString);
        var page = await learner.ViewAsync(module, checkPart);
        var first = page.QuerySelector($"#check-{checks[0].Id}")!;
        Assert.Null(first.QuerySelector("form"));
        Assert.Contains("Not quite.", first.TextContent, StringComparison.Ordinal);
        Assert.Contains($"the best answer is {AnswerText.Letter(checks[0].Answer)}", first.TextContent, StringComparison.Ordinal);
        Assert.Contains(AnswerKeyTests.Distinctive(checks[0].Rationale), Normalise(first.TextContent), StringComparison.Ordinal);
        Assert.All(checks.Skip(1), q =>
        {
            Assert.NotNull(page.QuerySelector($"#check-{q.Id} form"));
            Assert.DoesNotContain(AnswerKeyTests.Distinctive(q.Rationale), Normalise(page.DocumentElement.OuterHtml), StringComparison.Ordinal);
        });

        // The script's request gets this question's markup alone.
        var scripted = await learner.AnswerAsync(module, checks[1], checks[1].Answer, script: true);
        Assert.Equal(HttpStatusCode.OK, scripted.StatusCode);
        Assert.Equal("false", scripted.Headers.GetValues("X-Module-Complete").Single());
        var fragment = await scripted.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<html", fragment, StringComparison.Ordinal);
        Assert.Contains($"id=\"check-{checks[1].Id}\"", fragment, StringComparison.Ordinal);
        Assert.Contains("Correct:", fragment, StringComparison.Ordinal);
        Assert.DoesNotContain(AnswerKeyTests.Distinctive(checks[2].Rationale), Normalise(fragment), StringComparison.Ordinal);
        var last = await learner.AnswerAsync(module, checks[2], checks[2].Answer, script: true);
        Assert.Equal("true", last.Headers.GetValues("X-Module-Complete").Single());

        // A second answer to the same question changes nothing: the first one counts.
        await learner.AnswerAsync(module, checks[0], checks[0].Answer);
        var answers = await app.WithDbAsync(db => db.CheckAnswers.All().AsNoTracking().Where(a => a.QuestionId == checks[0].Id).ToListAsync());
        Assert.False(Assert.Single(answers).Correct);
    }

    [Theory, DatabaseData]
    public async Task A_knowledge_check_post_without_a_choice_explains_beside_the_question_and_records_nothing(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 1);
        var learner = await app.SignInLearnerAsync(practice, staffIndex: 0);
        var module = learner.Modules[0].Id;
        var question = learner.ChecksOf(module)[0];
        var part = learner.PartsOf(module).Count;

        var response = await learner.Client.PostFormAsync($"/learn/modules/{module}/{part}?handler=Answer", [F("QuestionId", question.Id)], tokenPage: LearnerClient.PartUrl(module, part));
        var other = await learner.Client.PostFormAsync($"/learn/modules/{module}/1?handler=Answer", [F("QuestionId", question.Id), F("Choice", "1")], tokenPage: LearnerClient.PartUrl(module, part));
        var unknown = await learner.Client.PostFormAsync($"/learn/modules/{module}/{part}?handler=Nonsense", [], tokenPage: LearnerClient.PartUrl(module, part));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await ParseAsync(response);
        var fieldset = page.QuerySelector($"#check-{question.Id} fieldset")!;
        Assert.Equal($"check-{question.Id}-error", fieldset.GetAttribute("aria-describedby"));
        Assert.Contains("Choose one of the answers", page.Text($"#check-{question.Id}-error"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.CheckAnswers.All().CountAsync()));
    }

    [Theory, DatabaseData]
    public async Task Modules_outside_the_track_and_blocks_out_of_range_are_not_found(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var learner = await app.SignInLearnerAsync(practice, staffIndex: 1);
        var clinicalOnly = LearnerClient.Course.Modules.First(m => !m.Tracks.Contains("non-clinical")).Id;
        var parts = learner.PartsOf("awareness").Count;

        foreach (var url in new[] { $"/learn/modules/{clinicalOnly}/1", $"/learn/modules/{clinicalOnly}/print", "/learn/modules/no-such-module", $"/learn/modules/awareness/{parts + 1}", "/learn/modules/awareness/0", "/learn/tests/final" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await learner.Client.GetAsync(url)).StatusCode);
        }
    }

    [Theory, DatabaseData]
    public async Task Heartbeats_count_at_most_a_minute_and_page_views_at_most_five_minutes(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var learner = await app.SignInLearnerAsync(practice, staffIndex: 1);
        var module = learner.Modules[0].Id;
        var parts = learner.PartsOf(module).Count;
        var token = Token(await learner.ViewAsync(module, 1))!;
        async Task BeatAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/learn/modules/{module}/1?handler=Heartbeat");
            request.Headers.Add("X-CSRF-TOKEN", token);
            var response = await learner.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        Task<(int Course, int Module)> SecondsAsync() => app.WithDbAsync(async db => (
            await db.CourseProgress.All().Select(p => p.SecondsOnTask).SingleAsync(),
            await db.ModuleTimes.All().Where(m => m.ModuleId == module).Select(m => m.SecondsOnTask).SingleAsync()));

        app.Time.Advance(TimeSpan.FromSeconds(30));
        await BeatAsync();
        Assert.Equal((30, 30), await SecondsAsync());

        // The tab sat in the background for ten minutes: the next beat counts one minute, not ten.
        app.Time.Advance(TimeSpan.FromMinutes(10));
        await BeatAsync();
        Assert.Equal((90, 90), await SecondsAsync());

        // A beat without the antiforgery header is refused and counts nothing.
        app.Time.Advance(TimeSpan.FromSeconds(30));
        var forged = await learner.Client.PostAsync($"/learn/modules/{module}/1?handler=Heartbeat", null);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal((90, 90), await SecondsAsync());

        // Without script, the gap between page views counts, up to five minutes.
        app.Time.Advance(TimeSpan.FromSeconds(90));
        await learner.ViewAsync(module, 2);
        Assert.Equal((210, 210), await SecondsAsync());
        app.Time.Advance(TimeSpan.FromMinutes(20));
        await learner.ViewAsync(module, 3);
        Assert.Equal((510, 510), await SecondsAsync());

        // Finishing the module keeps the module's time on its completion.
        for (var part = 4; part <= parts; part++)
        {
            app.Time.Advance(TimeSpan.FromSeconds(20));
            await learner.ViewAsync(module, part);
        }
        foreach (var question in learner.ChecksOf(module))
        {
            await learner.AnswerAsync(module, question, question.Answer);
        }
        var (course, moduleSeconds) = await SecondsAsync();
        Assert.Equal(510 + (20 * (parts - 3)), course);
        Assert.Equal(course, moduleSeconds);
        Assert.Equal(moduleSeconds, await app.WithDbAsync(db => db.ModuleCompletions.All().Select(m => m.SecondsOnTask).SingleAsync()));

        // Time on the next module goes to that module, and the stretch before the first view of it to the one the learner was reading.
        app.Time.Advance(TimeSpan.FromSeconds(45));
        await learner.ViewAsync(learner.Modules[1].Id, 1);
        app.Time.Advance(TimeSpan.FromSeconds(50));
        await learner.ViewAsync(learner.Modules[1].Id, 2);
        var second = await app.WithDbAsync(db => db.ModuleTimes.All().Where(m => m.ModuleId == learner.Modules[1].Id).Select(m => m.SecondsOnTask).SingleAsync());
        Assert.Equal(50, second);
        Assert.Equal((course + 95, moduleSeconds + 45), await SecondsAsync());
    }

    [Theory, DatabaseData]
    public async Task The_printable_module_has_every_block_question_and_source_but_no_answers(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 1);
        var learner = await app.SignInLearnerAsync(practice, staffIndex: 0);

        foreach (var module in learner.Modules)
        {
            var html = await (await learner.Client.GetAsync($"/learn/modules/{module.Id}/print")).Content.ReadAsStringAsync();
            var page = await learner.Client.GetPageAsync($"/learn/modules/{module.Id}/print");
            var text = Normalise(page.DocumentElement.TextContent);

            Assert.Equal(module.Title, page.Text("h1"));
            Assert.All(module.Objectives, o => Assert.Contains(Normalise(o), text, StringComparison.Ordinal));
            Assert.All(learner.PartsOf(module.Id).Where(p => p.Kind != Beacon.Features.Courses.ModulePartKind.KnowledgeCheck), p => Assert.Contains(Normalise(p.Title), text, StringComparison.Ordinal));
            foreach (var question in learner.ChecksOf(module.Id))
            {
                Assert.Contains(Normalise(question.Stem), text, StringComparison.Ordinal);
                Assert.All(question.Options, o => Assert.Contains(Normalise(o), text, StringComparison.Ordinal));
                Assert.DoesNotContain(AnswerKeyTests.Distinctive(question.Rationale), Normalise(WebUtility.HtmlDecode(html)), StringComparison.Ordinal);
            }
            Assert.Empty(page.QuerySelectorAll("form input[type=radio]"));
            Assert.DoesNotContain("Best answer", text, StringComparison.Ordinal);
            var sources = page.QuerySelectorAll(".lesson-sources li");
            Assert.NotEmpty(sources);
            foreach (var source in sources)
            {
                var entry = LearnerClient.Course.Bibliography.Single(b => "source-" + b.Key == source.Id);
                Assert.Contains(entry.Url, source.TextContent, StringComparison.Ordinal);
                Assert.Equal(entry.Url.StartsWith("http", StringComparison.Ordinal) ? entry.Url : null, source.QuerySelector("a")?.GetAttribute("href"));
            }
        }
        // Printing moves nothing: no progress row, no resume point.
        Assert.Equal(0, await app.WithDbAsync(db => db.CourseProgress.All().CountAsync()));
    }

    internal static string Normalise(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
