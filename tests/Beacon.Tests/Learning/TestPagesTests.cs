using System.Net;
using Beacon.Data;
using Beacon.Features.Learning;
using Beacon.Features.LiveSessions;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Learning;

/// <summary>The pre- and post-test pages: starting, taking, submitting, results, limits and completion.</summary>
public sealed class TestPagesTests
{
    [Theory, DatabaseData]
    public async Task The_post_test_stays_locked_until_every_module_of_the_track_is_done(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var learner = await app.SignInLearnerAsync(practice, staffIndex: 1);
        foreach (var module in learner.Modules.SkipLast(1))
        {
            await learner.FinishModuleAsync(module.Id);
        }

        var about = await learner.Client.GetPageAsync("/learn/tests/post");
        var refused = await learner.Client.PostFormAsync("/learn/tests/post", []);

        Assert.Empty(about.QuerySelectorAll("main form"));
        Assert.Equal([learner.Modules[^1].Title], about.QuerySelectorAll(".alert ul li").Select(li => li.TextContent.Trim()));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("opens once you have finished every module", (await ParseAsync(refused)).Text("[role=alert]"), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.AssessmentAttempts.All().CountAsync(a => a.Kind == AttemptKind.PostTest)));

        await learner.FinishModuleAsync(learner.Modules[^1].Id);
        var attempt = await learner.StartTestAsync("post");
        Assert.Equal(attempt, await learner.StartTestAsync("post"));
        Assert.Equal(1, await app.WithDbAsync(db => db.AssessmentAttempts.All().CountAsync(a => a.Kind == AttemptKind.PostTest)));
    }

    [Theory, DatabaseData]
    public async Task Checking_in_at_a_live_session_of_the_course_and_track_opens_the_post_test(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var learner = await app.SignInLearnerAsync(practice, staffIndex: 1);
        await app.WithDbAsync(async db =>
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            LiveSession Session(string track) => new()
            {
                PracticeId = practice.PracticeId,
                Title = "Spring in-service",
                CourseId = LearnerClient.Course.Id,
                Version = LearnerClient.Course.Version,
                Track = track,
                InstructorUserId = learner.Account.UserId,
                StartsAt = now.AddHours(-1),
                EndsAt = now,
                CheckInCode = "C" + Guid.NewGuid().ToString("N")[..6],
                CreatedAt = now,
            };
            var other = Session("clinical");
            db.LiveSessions.Add(other);
            db.Attendances.Add(new Attendance { PracticeId = practice.PracticeId, SessionId = other.Id, StaffMemberId = learner.StaffId, CheckedInAt = now });
            await db.SaveChangesAsync();
        }, practice.PracticeId);

        // A session of the other track does not count.
        Assert.Equal(HttpStatusCode.OK, (await learner.Client.PostFormAsync("/learn/tests/post", [])).StatusCode);

        await app.WithDbAsync(db => db.LiveSessions.All().ExecuteUpdateAsync(s => s.SetProperty(x => x.Track, "non-clinical")));
        var attempt = await learner.StartTestAsync("post");
        var submitted = await learner.Client.PostFormAsync($"/learn/attempts/{attempt}", await LearnerClient.AnswersAsync(app, attempt));
        var result = await learner.Client.GetPageAsync(submitted.Headers.Location!.OriginalString);

        Assert.Equal("Completed", result.Text("#completion-heading"));
        var completion = await app.WithDbAsync(db => db.Completions.All().AsNoTracking().SingleAsync());
        Assert.Equal(CompletionBasis.LiveSession, completion.Basis);
    }

    [Theory, DatabaseData]
    public async Task Passing_the_post_test_completes_the_course_with_its_version_and_track_and_links_the_certificate(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var learner = await app.SignInLearnerAsync(practice, staffIndex: 1);
        await learner.FinishAllModulesAsync();
        var attempt = await learner.StartTestAsync("post");
        var page = await learner.Client.GetPageAsync($"/learn/attempts/{attempt}");

        // Four wrong of twenty is exactly the 80% pass mark.
        var submitted = await learner.Client.PostFormWithTokenAsync($"/learn/attempts/{attempt}", await LearnerClient.AnswersAsync(app, attempt, 1, 5, 9, 13), Token(page)!);

        Assert.Equal($"/learn/attempts/{attempt}/result", submitted.Headers.Location?.OriginalString);
        var completion = await app.WithDbAsync(db => db.Completions.All().AsNoTracking().SingleAsync());
        Assert.Equal((learner.StaffId, LearnerClient.Course.Id, LearnerClient.Course.Version, "non-clinical", CompletionBasis.SelfPaced, attempt, 0.5m),
            (completion.StaffMemberId, completion.CourseId, completion.Version, completion.Track, completion.Basis, completion.AttemptId!.Value, completion.CeHours));
        Assert.Equal(new DateOnly(2026, 3, 2), completion.CompletedOn);
        var certificate = await app.WithDbAsync(db => db.Certificates.All().AsNoTracking().SingleAsync());
        Assert.Equal(completion.Id, certificate.CompletionId);

        var result = await learner.Client.GetPageAsync($"/learn/attempts/{attempt}/result");
        Assert.Contains("You scored 16 of 20 (80%)", result.Text(".result-summary"), StringComparison.Ordinal);
        Assert.Contains("Passed", result.Text(".result-summary"), StringComparison.Ordinal);
        Assert.Equal("Completed", result.Text("#completion-heading"));
        Assert.Equal(certificate.Number, result.Text(".certificate-number"));
        Assert.NotNull(result.QuerySelector($"a[href='/certificates/{certificate.Id}/pdf']"));
        var reviewed = result.QuerySelectorAll(".reviewed-question");
        Assert.Equal(20, reviewed.Length);
        Assert.Equal(4, reviewed.Count(q => q.QuerySelector("h3")!.TextContent.EndsWith("incorrect", StringComparison.Ordinal)));
        Assert.All(reviewed, q => Assert.Contains("Best answer", q.TextContent, StringComparison.Ordinal));
        Assert.All(reviewed, q => Assert.Contains("Your answer", q.TextContent, StringComparison.Ordinal));
        Assert.All(reviewed, q => Assert.DoesNotMatch(@"\(options? [\d ,and]+\)", q.QuerySelector("p strong")!.ParentElement!.TextContent));

        // Opening the result again completes nothing twice; My training lists the completion.
        await learner.Client.GetPageAsync($"/learn/attempts/{attempt}/result");
        Assert.Equal(1, await app.WithDbAsync(db => db.Completions.All().CountAsync()));
        var mine = await learner.Client.GetPageAsync("/learn");
        Assert.Contains(certificate.Number, mine.Text("#completions-heading + ul"), StringComparison.Ordinal);
        Assert.NotNull(mine.QuerySelector("a[href='/transcript']"));
        var again = await learner.Client.PostFormAsync("/learn/tests/post", []);
        Assert.Contains("already completed", (await ParseAsync(again)).Text("[role=alert]"), StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task Two_submits_at_once_record_one_attempt_and_one_set_of_answers(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var learner = await app.SignInLearnerAsync(practice, staffIndex: 1);
        var attempt = await learner.StartTestAsync("pre");
        var token = Token(await learner.Client.GetPageAsync($"/learn/attempts/{attempt}"))!;
        var right = await LearnerClient.AnswersAsync(app, attempt);
        var wrong = await LearnerClient.AnswersAsync(app, attempt, [.. Enumerable.Range(1, 10)]);

        var responses = await Task.WhenAll(
            learner.Client.PostFormWithTokenAsync($"/learn/attempts/{attempt}", right, token),
            learner.Client.PostFormWithTokenAsync($"/learn/attempts/{attempt}", wrong, token));

        Assert.All(responses, r => Assert.Equal($"/learn/attempts/{attempt}/result", r.Headers.Location?.OriginalString));
        var stored = await app.WithDbAsync(db => db.AssessmentAttempts.All().AsNoTracking().SingleAsync());
        Assert.Contains(stored.Score, new int?[] { 0, 10 });
        var answers = await app.WithDbAsync(db => db.AttemptAnswers.All().AsNoTracking().ToListAsync());
        Assert.Equal(10, answers.Count);
        Assert.Equal(Enumerable.Range(1, 10), answers.Select(a => a.Position).Order());
        Assert.Equal(stored.Score, answers.Count(a => a.Correct));

        // A third, late submit changes nothing and just shows the result.
        var late = await learner.Client.PostFormWithTokenAsync($"/learn/attempts/{attempt}", right, token);
        Assert.Equal($"/learn/attempts/{attempt}/result", late.Headers.Location?.OriginalString);
        Assert.Equal(10, await app.WithDbAsync(db => db.AttemptAnswers.All().CountAsync()));
        Assert.Equal($"/learn/attempts/{attempt}/result", (await learner.Client.GetAsync($"/learn/attempts/{attempt}")).Headers.Location?.OriginalString);
    }

    [Theory, DatabaseData]
    public async Task Unanswered_questions_are_listed_and_nothing_is_marked_until_all_are_answered(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 1);
        var learner = await app.SignInLearnerAsync(practice, staffIndex: 0);
        var attempt = await learner.StartTestAsync("pre");
        var answers = (await LearnerClient.AnswersAsync(app, attempt)).Where(a => a.Key is not "Answers[3]" and not "Answers[7]").ToList();
        answers.Add(F("Answers[99]", "1"));

        var response = await learner.Client.PostFormAsync($"/learn/attempts/{attempt}", answers);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await ParseAsync(response);
        Assert.Equal(["#question-3", "#question-7"], page.QuerySelectorAll("#error-summary a").Select(a => a.GetAttribute("href")!));
        Assert.Equal("question-3-error", page.QuerySelector("#question-3 fieldset")!.GetAttribute("aria-describedby"));
        Assert.Equal(8, page.QuerySelectorAll("input[type=radio][checked]").Length);
        var stored = await app.WithDbAsync(db => db.AssessmentAttempts.All().AsNoTracking().SingleAsync());
        Assert.Null(stored.SubmittedAt);
        Assert.Equal(0, await app.WithDbAsync(db => db.AttemptAnswers.All().CountAsync()));
    }

    [Theory, DatabaseData]
    public async Task The_pre_test_is_optional_taken_once_and_never_gates_the_post_test(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var learner = await app.SignInLearnerAsync(practice, staffIndex: 1);

        // Skipping the pre-test entirely: the modules and the post-test work as usual.
        await learner.FinishAllModulesAsync();
        var post = await learner.StartTestAsync("post");
        Assert.NotEqual(Guid.Empty, post);

        var pre = await learner.StartTestAsync("pre");
        await learner.Client.PostFormAsync($"/learn/attempts/{pre}", await LearnerClient.AnswersAsync(app, pre, 1, 2, 3));
        var result = await learner.Client.GetPageAsync($"/learn/attempts/{pre}/result");
        var again = await learner.Client.PostFormAsync("/learn/tests/pre", []);

        Assert.Contains("You scored 7 of 10 (70%)", result.Text(".result-summary"), StringComparison.Ordinal);
        Assert.Contains("does not count toward completing", result.Text(".result-summary"), StringComparison.Ordinal);
        Assert.Equal($"/learn/attempts/{pre}/result", again.Headers.Location?.OriginalString);
        Assert.Equal(1, await app.WithDbAsync(db => db.AssessmentAttempts.All().CountAsync(a => a.Kind == AttemptKind.PreTest)));
        var stored = await app.WithDbAsync(db => db.AssessmentAttempts.All().AsNoTracking().SingleAsync(a => a.Id == pre));
        Assert.Null(stored.Passed);
    }

    [Theory, DatabaseData]
    public async Task After_the_last_allowed_attempt_the_limit_is_explained_and_no_new_attempt_starts(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var learner = await app.SignInLearnerAsync(practice, staffIndex: 1);
        await learner.FinishAllModulesAsync();
        var limit = LearnerClient.Course.AttemptLimit;

        Guid last = default;
        for (var i = 1; i <= limit; i++)
        {
            last = await learner.StartTestAsync("post");
            await learner.Client.PostFormAsync($"/learn/attempts/{last}", await LearnerClient.AnswersAsync(app, last, [.. Enumerable.Range(1, 10)]));
            var result = await learner.Client.GetPageAsync($"/learn/attempts/{last}/result");
            Assert.Contains("Not passed", result.Text(".result-summary"), StringComparison.Ordinal);
            if (i < limit)
            {
                Assert.Contains($"You have {limit - i} of {limit} attempts left", result.Text("#next-heading + p"), StringComparison.Ordinal);
                Assert.NotNull(result.QuerySelector("form[action='/learn/tests/post'] button"));
            }
            else
            {
                Assert.Contains($"You have used all {limit} attempts", result.Text("#next-heading + p"), StringComparison.Ordinal);
                Assert.Null(result.QuerySelector("form[action='/learn/tests/post']"));
            }
        }

        var refused = await learner.Client.PostFormAsync("/learn/tests/post", []);
        var about = await learner.Client.GetPageAsync("/learn/tests/post");
        var mine = await learner.Client.GetPageAsync("/learn");

        Assert.Contains($"You have used all {limit} attempts", (await ParseAsync(refused)).Text("[role=alert]"), StringComparison.Ordinal);
        Assert.Contains($"You have used all {limit} attempts", about.Text("[role=alert]"), StringComparison.Ordinal);
        Assert.Contains($"You have used all {limit} attempts", mine.Text("#tests-heading + .row"), StringComparison.Ordinal);
        Assert.Equal(limit, await app.WithDbAsync(db => db.AssessmentAttempts.All().CountAsync(a => a.Kind == AttemptKind.PostTest)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Completions.All().CountAsync()));
    }
}
