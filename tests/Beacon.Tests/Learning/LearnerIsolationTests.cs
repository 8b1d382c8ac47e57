using System.Net;
using System.Text.Json;
using Beacon.Data;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Learning;

/// <summary>
/// Attempts and progress belong to one learner: a colleague in the same practice, or anyone in another
/// practice, gets 404 for their attempt ids, and nothing they do changes the owner's rows.
/// </summary>
public sealed class LearnerIsolationTests
{
    [Theory, DatabaseData]
    public async Task A_colleague_or_another_practice_gets_404_for_a_learners_attempts_and_changes_nothing(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var alpha = await app.CreatePracticeAsync(name: "Alpha " + Guid.NewGuid().ToString("N")[..6], staff: 2);
        var bravo = await app.CreatePracticeAsync(name: "Bravo " + Guid.NewGuid().ToString("N")[..6], staff: 2);
        var owner = await app.SignInLearnerAsync(alpha, staffIndex: 1);
        var colleague = await app.SignInLearnerAsync(alpha, staffIndex: 0);
        var outsider = await app.SignInLearnerAsync(bravo, staffIndex: 1);

        // The owner has progress, a submitted pre-test and an open one of the post-test.
        await owner.FinishAllModulesAsync();
        var pre = await owner.StartTestAsync("pre");
        await owner.Client.PostFormAsync($"/learn/attempts/{pre}", await LearnerClient.AnswersAsync(app, pre));
        var post = await owner.StartTestAsync("post");
        var before = await FingerprintAsync(app, alpha.PracticeId, owner.StaffId);

        var failures = new List<string>();
        foreach (var intruder in new[] { colleague, outsider })
        {
            // Intruders have progress and tokens of their own, so a refusal is about the id, not a missing row.
            await intruder.ViewAsync("awareness", 1);
            var token = await intruder.Client.GetAntiforgeryTokenAsync("/learn/modules/awareness/1");
            foreach (var id in new[] { pre, post })
            {
                var answers = (await LearnerClient.AnswersAsync(app, id)).Append(F("__RequestVerificationToken", token)).ToList();
                var requests = new List<HttpRequestMessage>
                {
                    new(HttpMethod.Get, $"/learn/attempts/{id}"),
                    new(HttpMethod.Get, $"/learn/attempts/{id}/result"),
                    new(HttpMethod.Post, $"/learn/attempts/{id}") { Content = new FormUrlEncodedContent(answers) },
                    new(HttpMethod.Post, $"/learn/attempts/{id}/result") { Content = new FormUrlEncodedContent([F("__RequestVerificationToken", token)]) },
                };
                foreach (var request in requests)
                {
                    var response = await intruder.Client.SendAsync(request);
                    if (response.StatusCode != HttpStatusCode.NotFound)
                    {
                        failures.Add($"{request.Method} {request.RequestUri} as {intruder.Track} learner of {(intruder == outsider ? "another practice" : "the same practice")}: {(int)response.StatusCode}");
                    }
                }
            }
            // Their own pages show nothing of the owner's.
            var mine = await intruder.Client.GetPageAsync("/learn");
            Assert.DoesNotContain(pre.ToString(), mine.DocumentElement.OuterHtml, StringComparison.Ordinal);
            Assert.DoesNotContain(post.ToString(), mine.DocumentElement.OuterHtml, StringComparison.Ordinal);
            Assert.DoesNotContain(mine.QuerySelectorAll(".module-status"), s => s.TextContent == "Done");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await FingerprintAsync(app, alpha.PracticeId, owner.StaffId));

        // Each learner's progress is their own row, in their own practice.
        var progress = await app.WithDbAsync(db => db.CourseProgress.All().AsNoTracking().Select(p => new { p.PracticeId, p.StaffMemberId }).ToListAsync());
        Assert.Equal(3, progress.Count);
        Assert.Contains(progress, p => p.StaffMemberId == outsider.StaffId && p.PracticeId == bravo.PracticeId);
    }

    /// <summary>The owner's learning rows, serialised: equal before and after means nothing was written.</summary>
    private static Task<string> FingerprintAsync(BeaconApp app, Guid practiceId, Guid staffId) => app.WithDbAsync(async db =>
    {
        var progressIds = await db.CourseProgress.All().Where(p => p.StaffMemberId == staffId).Select(p => p.Id).ToListAsync();
        var attemptIds = await db.AssessmentAttempts.All().Where(a => a.StaffMemberId == staffId).Select(a => a.Id).ToListAsync();
        var everything = new object[]
        {
            await db.CourseProgress.All().AsNoTracking().Where(p => p.StaffMemberId == staffId).ToListAsync(),
            await db.ModuleTimes.All().AsNoTracking().Where(m => progressIds.Contains(m.ProgressId)).OrderBy(m => m.Id).ToListAsync(),
            await db.ModuleCompletions.All().AsNoTracking().Where(m => progressIds.Contains(m.ProgressId)).OrderBy(m => m.Id).ToListAsync(),
            await db.CheckAnswers.All().AsNoTracking().Where(m => progressIds.Contains(m.ProgressId)).OrderBy(m => m.Id).ToListAsync(),
            await db.AssessmentAttempts.All().AsNoTracking().Where(a => a.StaffMemberId == staffId).OrderBy(a => a.Id).ToListAsync(),
            await db.AttemptAnswers.All().AsNoTracking().Where(a => attemptIds.Contains(a.AttemptId)).OrderBy(a => a.Id).ToListAsync(),
            await db.Completions.All().AsNoTracking().Where(c => c.PracticeId == practiceId).OrderBy(c => c.Id).ToListAsync(),
        };
        return JsonSerializer.Serialize(everything);
    });
}
