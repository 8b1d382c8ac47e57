using Beacon.Data;
using Beacon.Features.Courses;
using Beacon.Features.Learning;
using Beacon.Tests.Courses;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Tests.Learning;

public sealed class AssessmentEngineTests
{
    private static readonly CoursePackage Course = ContentLoader.Load(ShippedCourseTests.CoursePath).Package!;

    [Theory]
    [InlineData("clinical", 20)]
    [InlineData("non-clinical", 20)]
    [InlineData("clinical", 10)]
    public void A_draw_takes_distinct_test_questions_of_the_track_from_every_module(string trackId, int count)
    {
        var track = Course.Track(trackId)!;

        var paper = Assessments.Draw(Course, track, count);

        Assert.Equal(count, paper.Count);
        Assert.Equal(count, paper.Select(p => p.Q).Distinct().Count());
        var questions = paper.Select(p => Course.Question(p.Q)!).ToList();
        Assert.All(questions, q => Assert.Contains(QuestionUse.Test, q.Uses));
        Assert.All(questions, q => Assert.Contains(trackId, q.Tracks));
        if (count >= track.Modules.Count)
        {
            Assert.Equal(track.Modules.Order(), questions.Select(q => q.Module).Distinct().Order());
        }
        Assert.All(paper, p => Assert.Equal([1, 2, 3, 4], p.Order.Order()));
    }

    [Fact]
    public void Draws_differ_between_attempts()
    {
        var track = Course.Track("clinical")!;
        var papers = Enumerable.Range(0, 5).Select(_ => string.Join(",", Assessments.Draw(Course, track, 20).Select(p => p.Q + string.Concat(p.Order)))).ToList();

        Assert.True(papers.Distinct().Count() >= 4);
    }

    [Theory, DatabaseData]
    public async Task Answers_are_scored_on_the_server_once_and_revealed_only_after_submission(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 1);
        var staffId = practice.StaffIds[0];
        var track = Course.Track("non-clinical")!;
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActForPractice(practice.PracticeId);
        var engine = scope.ServiceProvider.GetRequiredService<Assessments>();

        var attempt = (await engine.StartAsync(staffId, Course, track, AttemptKind.PostTest, null, CancellationToken.None))!;
        var presented = Assessments.Present(Course, attempt);
        Assert.Equal(20, presented.Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => engine.MarkedAsync(attempt, Course, CancellationToken.None));

        // Answer every question right by looking up where its correct option was shown.
        var answers = Assessments.PaperOf(attempt)
            .Select((item, index) => (index + 1, Array.IndexOf(item.Order, Course.Question(item.Q)!.Answer) + 1))
            .ToDictionary(x => x.Item1, x => x.Item2);
        answers[1] = answers[1] % 4 + 1; // one wrong

        var first = await engine.SubmitAsync(attempt.Id, staffId, Course, answers, null, CancellationToken.None);
        var second = await engine.SubmitAsync(attempt.Id, staffId, Course, answers.ToDictionary(a => a.Key, a => 1), null, CancellationToken.None);

        Assert.Equal(SubmitOutcome.Scored, first);
        Assert.Equal(SubmitOutcome.AlreadySubmitted, second);
        var stored = await app.WithDbAsync(db => db.AssessmentAttempts.All().AsNoTracking().SingleAsync(a => a.Id == attempt.Id));
        Assert.Equal(19, stored.Score);
        Assert.True(stored.Passed);
        Assert.Equal(20, await app.WithDbAsync(db => db.AttemptAnswers.All().CountAsync(a => a.AttemptId == attempt.Id)));
        var marked = await engine.MarkedAsync(stored, Course, CancellationToken.None);
        Assert.False(marked[0].Correct);
        Assert.All(marked.Skip(1), m => Assert.True(m.Correct));
        Assert.All(marked, m => Assert.False(string.IsNullOrEmpty(m.Rationale)));
    }

    [Theory, DatabaseData]
    public async Task The_post_test_attempt_limit_is_enforced_and_the_pre_test_never_gates(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 1);
        var staffId = practice.StaffIds[0];
        var track = Course.Track("clinical")!;
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActForPractice(practice.PracticeId);
        var engine = scope.ServiceProvider.GetRequiredService<Assessments>();

        for (var i = 0; i < Course.AttemptLimit; i++)
        {
            var attempt = (await engine.StartAsync(staffId, Course, track, AttemptKind.PostTest, null, CancellationToken.None))!;
            Assert.Equal(SubmitOutcome.Scored, await engine.SubmitAsync(attempt.Id, staffId, Course, new Dictionary<int, int>(), null, CancellationToken.None));
        }

        Assert.Null(await engine.StartAsync(staffId, Course, track, AttemptKind.PostTest, null, CancellationToken.None));
        Assert.NotNull(await engine.StartAsync(staffId, Course, track, AttemptKind.PreTest, null, CancellationToken.None));
    }
}
