using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Beacon.Features.Learning;
using Beacon.Features.LiveSessions;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.LiveSessions;

public sealed class CheckInTests
{
    [Theory, DatabaseData]
    public async Task Check_in_opens_15_minutes_before_the_start_and_closes_15_minutes_after_the_end(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var instructor = await app.CreateAccountAsync(practice.PracticeId, Roles.Instructor);
        var (_, staffId, learner) = await app.SignedInLearnerAsync(practice, 0);
        var margin = TimeSpan.FromMinutes(15);
        var second = TimeSpan.FromSeconds(1);
        var soon = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, margin + second, title: "Morning in-service");

        var early = await learner.CheckInAsync(soon.CheckInCode);
        Assert.Contains("Check-in for Morning in-service opens at Mar 2, 2026, 9:00 AM CST", await early.TextAsync(), StringComparison.Ordinal);

        app.Time.Advance(second);
        LiveSessionTestSupport.AssertRedirect(await learner.CheckInAsync(soon.CheckInCode), $"/sessions/{soon.Id}/checked-in");

        // One session whose window closes right now, and one that closed a second ago.
        var justClosing = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, -(margin + TimeSpan.FromMinutes(60)));
        var closed = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, -(margin + TimeSpan.FromMinutes(60) + second), title: "Lunch in-service");
        LiveSessionTestSupport.AssertRedirect(await learner.CheckInAsync(justClosing.CheckInCode.ToLowerInvariant()), $"/sessions/{justClosing.Id}/checked-in");
        var late = await learner.CheckInAsync(closed.CheckInCode);
        Assert.Contains("Check-in for Lunch in-service closed at", await late.TextAsync(), StringComparison.Ordinal);

        var attended = await app.WithDbAsync(db => db.Attendances.All().Where(a => a.StaffMemberId == staffId).Select(a => new { a.SessionId, a.Method }).ToListAsync());
        Assert.Equal([soon.Id, justClosing.Id], attended.Select(a => a.SessionId).Order());
        Assert.All(attended, a => Assert.Equal(AttendanceMethod.Code, a.Method));
    }

    [Theory, DatabaseData]
    public async Task A_cancelled_session_another_practice_code_and_a_made_up_code_do_not_check_anyone_in(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var other = await app.CreatePracticeAsync();
        var instructor = await app.CreateAccountAsync(practice.PracticeId, Roles.Instructor);
        var otherInstructor = await app.CreateAccountAsync(other.PracticeId, Roles.Instructor);
        var (_, _, learner) = await app.SignedInLearnerAsync(practice, 0);
        var cancelled = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.Zero, cancelled: true, title: "Cancelled in-service");
        var elsewhere = await app.CreateSessionAsync(other.PracticeId, otherInstructor.UserId, TimeSpan.Zero, code: "KKKKKK", title: "Another practice's in-service");

        Assert.Contains("Cancelled in-service was cancelled", await (await learner.CheckInAsync(cancelled.CheckInCode)).TextAsync(), StringComparison.Ordinal);
        var foreign = await (await learner.CheckInAsync(elsewhere.CheckInCode)).TextAsync();
        Assert.Contains("There is no session with that code at your practice", foreign, StringComparison.Ordinal);
        Assert.DoesNotContain("Another practice", foreign, StringComparison.Ordinal);
        var link = await (await learner.GetAsync($"/check-in/{elsewhere.CheckInCode}")).TextAsync();
        Assert.Contains("There is no session with that code at your practice", link, StringComparison.Ordinal);
        Assert.Contains("There is no session with that code", await (await learner.CheckInAsync("ZZZ")).TextAsync(), StringComparison.Ordinal);
        Assert.Contains("Enter the six-character code", await (await learner.CheckInAsync("")).TextAsync(), StringComparison.Ordinal);

        Assert.Equal(0, await app.WithDbAsync(db => db.Attendances.All().CountAsync()));
    }

    [Theory, DatabaseData]
    public async Task The_qr_link_shows_the_session_and_checks_in_on_the_button_once_per_person(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var (instructor, instructorClient) = await app.SignedInInstructorAsync(practice.PracticeId);
        var (_, staffId, learner) = await app.SignedInLearnerAsync(practice, 0);
        var session = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.FromMinutes(5), title: "QR in-service");

        var preview = await learner.GetPageAsync($"/check-in/{session.CheckInCode}");
        Assert.Contains("QR in-service", preview.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Attendances.All().CountAsync()));

        var first = await learner.PostFormAsync($"/check-in/{session.CheckInCode}", [], "/check-in");
        var second = await learner.PostFormAsync($"/check-in/{session.CheckInCode}", [], "/check-in");
        var typed = await learner.CheckInAsync(session.CheckInCode);
        var manual = await instructorClient.PostFormAsync($"/sessions/{session.Id}?handler=MarkPresent", [F("staffMemberId", staffId.ToString())], $"/sessions/{session.Id}");

        LiveSessionTestSupport.AssertRedirect(first, $"/sessions/{session.Id}/checked-in");
        LiveSessionTestSupport.AssertRedirect(second, $"/sessions/{session.Id}/checked-in");
        LiveSessionTestSupport.AssertRedirect(typed, $"/sessions/{session.Id}/checked-in");
        Assert.Equal(HttpStatusCode.Redirect, manual.StatusCode);
        var rows = await app.WithDbAsync(db => db.Attendances.All().Where(a => a.SessionId == session.Id).ToListAsync());
        var row = Assert.Single(rows);
        Assert.Equal((staffId, AttendanceMethod.QrLink, (Guid?)null), (row.StaffMemberId, row.Method, row.RecordedByUserId));
        Assert.Contains("You checked in at Mar 2, 2026, 9:00 AM CST", await (await learner.GetAsync($"/sessions/{session.Id}/checked-in")).TextAsync(), StringComparison.Ordinal);
        Assert.Contains("You are already checked in", await (await learner.GetAsync($"/check-in/{session.CheckInCode}")).TextAsync(), StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task A_learner_without_a_roster_record_is_told_why_and_a_session_page_is_not_found_for_someone_not_present(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var instructor = await app.CreateAccountAsync(practice.PracticeId, Roles.Instructor);
        var unlinked = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Learner));
        var (_, _, learner) = await app.SignedInLearnerAsync(practice, 1);
        var session = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.Zero);

        Assert.Contains("not linked to your record", await (await unlinked.CheckInAsync(session.CheckInCode)).TextAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync($"/sessions/{session.Id}/checked-in")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await learner.PostFormAsync($"/sessions/{session.Id}/checked-in", [], "/check-in")).StatusCode);
    }

    [Theory, DatabaseData]
    public async Task The_eleventh_attempt_in_a_minute_is_refused_for_that_person_only(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var instructor = await app.CreateAccountAsync(practice.PracticeId, Roles.Instructor);
        var session = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.Zero);
        var (_, _, guesser) = await app.SignedInLearnerAsync(practice, 0);
        var (_, _, colleague) = await app.SignedInLearnerAsync(practice, 1);
        var token = await guesser.GetAntiforgeryTokenAsync("/check-in");

        for (var i = 0; i < 10; i++)
        {
            var guess = await guesser.PostFormWithTokenAsync("/check-in", [F("Code", $"AAAA{CheckInCodes.Alphabet[i]}{CheckInCodes.Alphabet[i]}")], token);
            Assert.Equal(HttpStatusCode.OK, guess.StatusCode);
        }
        var eleventh = await guesser.PostFormWithTokenAsync("/check-in", [F("Code", session.CheckInCode)], token);
        var link = await guesser.GetAsync($"/check-in/{session.CheckInCode}");

        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, link.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync("/check-in")).StatusCode);
        // Same address (the whole room shares one), another person: unaffected.
        LiveSessionTestSupport.AssertRedirect(await colleague.CheckInAsync(session.CheckInCode), $"/sessions/{session.Id}/checked-in");
        Assert.Equal(1, await app.WithDbAsync(db => db.Attendances.All().CountAsync()));

        // A room of people scanning the QR code before signing in shares no allowance: each is sent to sign in.
        var signedOut = app.NewClient();
        for (var i = 0; i < 15; i++)
        {
            var scan = await signedOut.GetAsync($"/check-in/{session.CheckInCode}");
            Assert.Equal(HttpStatusCode.Redirect, scan.StatusCode);
            Assert.Contains("/account/sign-in", scan.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    [Theory, DatabaseData]
    public async Task Take_the_post_test_now_starts_an_attempt_of_the_session_and_hands_over_to_the_test_player(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var instructor = await app.CreateAccountAsync(practice.PracticeId, Roles.Instructor);
        var (_, staffId, learner) = await app.SignedInLearnerAsync(practice, 1);
        var session = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.Zero, track: "non-clinical");
        await learner.CheckInAsync(session.CheckInCode);

        var page = await learner.GetPageAsync($"/sessions/{session.Id}/checked-in");
        Assert.Contains("Take the post-test now", page.QuerySelector("main form button")!.TextContent, StringComparison.Ordinal);
        var response = await learner.PostFormAsync($"/sessions/{session.Id}/checked-in", []);

        var attempt = await app.WithDbAsync(db => db.AssessmentAttempts.All().SingleAsync(a => a.StaffMemberId == staffId));
        LiveSessionTestSupport.AssertRedirect(response, $"/learn/attempts/{attempt.Id}");
        Assert.Equal(session.Id, attempt.SessionId);
        Assert.Equal((AttemptKind.PostTest, AttemptMode.Online, "non-clinical", "1.0.0"), (attempt.Kind, attempt.Mode, attempt.Track, attempt.Version));
        Assert.Equal(20, attempt.QuestionCount);
        // Pressing it again resumes the same attempt rather than drawing another.
        LiveSessionTestSupport.AssertRedirect(await learner.PostFormAsync($"/sessions/{session.Id}/checked-in", []), $"/learn/attempts/{attempt.Id}");
        Assert.Contains("Continue the post-test", (await learner.GetPageAsync($"/sessions/{session.Id}/checked-in")).QuerySelector("main form button")!.TextContent, StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task Attendance_and_a_passed_post_test_complete_the_course_without_any_module_progress(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var instructor = await app.CreateAccountAsync(practice.PracticeId, Roles.Instructor);
        var (_, staffId, learner) = await app.SignedInLearnerAsync(practice, 0);
        var session = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.Zero, track: "clinical");
        await learner.CheckInAsync(session.CheckInCode);
        await learner.PostFormAsync($"/sessions/{session.Id}/checked-in", []);
        var attempt = await app.WithDbAsync(db => db.AssessmentAttempts.All().SingleAsync(a => a.StaffMemberId == staffId));

        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActForPractice(practice.PracticeId);
        var course = (await scope.ServiceProvider.GetRequiredService<CourseCatalog>().GetAsync(session.CourseId, session.Version, CancellationToken.None))!;
        var outcome = await scope.ServiceProvider.GetRequiredService<Assessments>()
            .SubmitAsync(attempt.Id, staffId, course, LiveSessionTestSupport.Answers(attempt, wrong: 2), null, CancellationToken.None);
        var check = await scope.ServiceProvider.GetRequiredService<Completions>().TryCompleteAsync(staffId, course, course.Track("clinical")!, CancellationToken.None);

        Assert.Equal(SubmitOutcome.Scored, outcome);
        Assert.Null(check.Missing);
        var completion = check.Completion!;
        Assert.Equal((CompletionBasis.LiveSession, (Guid?)session.Id, (Guid?)attempt.Id), (completion.Basis, completion.SessionId, completion.AttemptId));
        Assert.Equal(0, await app.WithDbAsync(async db => await db.CourseProgress.All().CountAsync() + await db.ModuleCompletions.All().CountAsync()));
        Assert.Contains("Passed, 18 of 20 (90%)", await (await learner.GetAsync($"/sessions/{session.Id}/checked-in")).TextAsync(), StringComparison.Ordinal);
        var instructorClient = await app.SignInAsync(instructor);
        Assert.Contains("Passed, 18 of 20 (90%)", await (await instructorClient.GetAsync($"/sessions/{session.Id}")).TextAsync(), StringComparison.Ordinal);
    }
}
