using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.LiveSessions;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.LiveSessions;

public sealed class SchedulingTests
{
    private static KeyValuePair<string, string>[] Form(string? title = "Spring in-service", string track = "clinical", string date = "2026-03-10",
        string time = "12:00", string minutes = "60", string? site = "", string location = "Room B", Guid? instructor = null) =>
    [
        F("Input.Title", title ?? ""), F("Input.Track", track), F("Input.Date", date), F("Input.StartTime", time), F("Input.Minutes", minutes),
        F("Input.SiteId", site ?? ""), F("Input.Location", location), F("Input.InstructorUserId", instructor?.ToString() ?? ""),
    ];

    [Theory, DatabaseData]
    public async Task An_instructor_schedules_a_session_of_the_current_course_version_in_the_practice_time_zone(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var (instructor, client) = await app.SignedInInstructorAsync(practice.PracticeId);

        var form = await client.GetPageAsync("/sessions/new");
        Assert.Equal(LiveSessionTestSupport.Course.Title, form.QuerySelector("#Input_Title")!.GetAttribute("value"));
        Assert.Equal(instructor.UserId.ToString(), form.QuerySelector("#Input_InstructorUserId option[selected]")!.GetAttribute("value"));

        // 10 March 2026 is after the switch to daylight time (8 March): noon CDT is 17:00 UTC.
        var response = await client.PostFormAsync("/sessions/new", Form(site: practice.SiteIds[1].ToString(), instructor: instructor.UserId, minutes: "90"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var session = await app.WithDbAsync(db => db.LiveSessions.All().SingleAsync(s => s.PracticeId == practice.PracticeId));
        Assert.Equal($"/sessions/{session.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("Spring in-service", session.Title);
        Assert.Equal(("ht-medical-practice", "1.0.0", "clinical"), (session.CourseId, session.Version, session.Track));
        Assert.Equal(new DateTime(2026, 3, 10, 17, 0, 0, DateTimeKind.Utc), session.StartsAt);
        Assert.Equal(new DateTime(2026, 3, 10, 18, 30, 0, DateTimeKind.Utc), session.EndsAt);
        Assert.Equal(practice.SiteIds[1], session.SiteId);
        Assert.Equal(instructor.UserId, session.InstructorUserId);
        Assert.Equal(6, session.CheckInCode.Length);
        Assert.All(session.CheckInCode, c => Assert.Contains(c, CheckInCodes.Alphabet));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.All().AnyAsync(e => e.Action == "session.created" && e.TargetId == session.Id.ToString())));

        var page = await client.GetPageAsync($"/sessions/{session.Id}");
        Assert.Contains("Mar 10, 2026, 12:00 PM CDT", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(session.CheckInCode, page.QuerySelector(".check-in-code [data-code]")!.TextContent);
        Assert.StartsWith("data:image/png;base64,", page.QuerySelector(".qr-code img")!.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Contains($"http://localhost/check-in/{session.CheckInCode}", page.QuerySelector(".qr-code img")!.GetAttribute("alt"), StringComparison.Ordinal);
        Assert.Contains(session.Title, (await client.GetPageAsync("/sessions")).QuerySelector("#upcoming-heading")!.ParentElement!.TextContent, StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task Scheduling_refuses_each_unusable_field_with_its_own_message_and_saves_nothing(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var other = await app.CreatePracticeAsync();
        var (instructor, client) = await app.SignedInInstructorAsync(practice.PracticeId);
        var learner = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var otherInstructor = await app.CreateAccountAsync(other.PracticeId, Roles.Instructor);

        async Task<string> Refused(KeyValuePair<string, string>[] form)
        {
            var response = await client.PostFormAsync("/sessions/new", form);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var document = await ParseAsync(response);
            return document.QuerySelector("#error-summary")?.TextContent ?? "";
        }

        var empty = await Refused(Form(title: "", date: "", time: "", minutes: "", location: "", instructor: null));
        Assert.Contains("Enter a title for the session.", empty, StringComparison.Ordinal);
        Assert.Contains("Enter the date of the session", empty, StringComparison.Ordinal);
        Assert.Contains("Enter the start time", empty, StringComparison.Ordinal);
        Assert.Contains("Choose how long the session lasts", empty, StringComparison.Ordinal);
        Assert.Contains("Enter the room or address, or the link to the video call.", empty, StringComparison.Ordinal);
        Assert.Contains("Choose an instructor of the practice.", empty, StringComparison.Ordinal);

        Assert.Contains("Choose the track", await Refused(Form(track: "surgeons", instructor: instructor.UserId)), StringComparison.Ordinal);
        Assert.Contains("would already be over", await Refused(Form(date: "2026-03-01", instructor: instructor.UserId)), StringComparison.Ordinal);
        Assert.Contains("up to two years ahead", await Refused(Form(date: "2029-01-01", instructor: instructor.UserId)), StringComparison.Ordinal);
        Assert.Contains("from 15 minutes to 8 hours", await Refused(Form(minutes: "600", instructor: instructor.UserId)), StringComparison.Ordinal);
        Assert.Contains("from 15 minutes to 8 hours", await Refused(Form(minutes: "5", instructor: instructor.UserId)), StringComparison.Ordinal);
        Assert.Contains("one of the practice's open sites", await Refused(Form(site: other.SiteIds[0].ToString(), instructor: instructor.UserId)), StringComparison.Ordinal);
        Assert.Contains("Choose an instructor of the practice.", await Refused(Form(instructor: learner.UserId)), StringComparison.Ordinal);
        Assert.Contains("Choose an instructor of the practice.", await Refused(Form(instructor: otherInstructor.UserId)), StringComparison.Ordinal);
        Assert.Contains("Keep the title to 200 characters", await Refused(Form(title: new string('x', 201), instructor: instructor.UserId)), StringComparison.Ordinal);
        Assert.Contains("Enter the date of the session", await Refused(Form(date: "10/03/2026", instructor: instructor.UserId)), StringComparison.Ordinal);
        // 2:30 AM on 8 March 2026 does not exist in Chicago: the clocks go from 2:00 to 3:00.
        Assert.Contains("The clocks change at that time", await Refused(Form(date: "2026-03-08", time: "02:30", instructor: instructor.UserId)), StringComparison.Ordinal);

        Assert.Equal(0, await app.WithDbAsync(db => db.LiveSessions.All().CountAsync()));
    }

    [Theory, DatabaseData]
    public async Task A_session_may_name_another_instructor_of_the_practice_and_a_session_in_progress_can_still_be_scheduled(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var (_, client) = await app.SignedInInstructorAsync(practice.PracticeId);
        var colleague = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin);

        // The app's clock is 15:00 UTC, 9:00 AM CST on 2 March 2026: a session from 8:30 for an hour is under way.
        var response = await client.PostFormAsync("/sessions/new", Form(date: "2026-03-02", time: "08:30", track: "non-clinical", instructor: colleague.UserId));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var session = await app.WithDbAsync(db => db.LiveSessions.All().SingleAsync());
        Assert.Equal(colleague.UserId, session.InstructorUserId);
        Assert.Equal("non-clinical", session.Track);
        Assert.Equal(new DateTime(2026, 3, 2, 14, 30, 0, DateTimeKind.Utc), session.StartsAt);
    }

    [Theory, DatabaseData]
    public async Task A_new_code_is_unique_among_the_practice_sessions_that_are_not_over(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var a = await app.CreatePracticeAsync();
        var b = await app.CreatePracticeAsync();
        var instructorA = await app.CreateAccountAsync(a.PracticeId, Roles.Instructor);
        var instructorB = await app.CreateAccountAsync(b.PracticeId, Roles.Instructor);
        await app.CreateSessionAsync(a.PracticeId, instructorA.UserId, TimeSpan.FromDays(3), code: "CCCCCC");
        // Over: ended more than 15 minutes ago, or cancelled.
        await app.CreateSessionAsync(a.PracticeId, instructorA.UserId, TimeSpan.FromHours(-2), code: "DDDDDD");
        await app.CreateSessionAsync(a.PracticeId, instructorA.UserId, TimeSpan.FromDays(1), code: "EEEEEE", cancelled: true);
        // Still in its check-in window: 10 minutes since it ended.
        await app.CreateSessionAsync(a.PracticeId, instructorA.UserId, TimeSpan.FromMinutes(-70), code: "HHHHHH");
        await app.CreateSessionAsync(b.PracticeId, instructorB.UserId, TimeSpan.FromDays(3), code: "FFFFFF");
        var now = app.Time.GetUtcNow().UtcDateTime;

        Task<string> Pick(params string[] candidates)
        {
            var queue = new Queue<string>(candidates);
            return app.WithDbAsync(db => CheckInCodes.NewUniqueAsync(db, now, CancellationToken.None, queue.Dequeue), a.PracticeId);
        }

        Assert.Equal("DDDDDD", await Pick("CCCCCC", "DDDDDD"));
        Assert.Equal("EEEEEE", await Pick("CCCCCC", "HHHHHH", "EEEEEE"));
        Assert.Equal("FFFFFF", await Pick("FFFFFF"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Pick([.. Enumerable.Repeat("CCCCCC", 50)]));
    }

    [Fact]
    public void Codes_use_only_the_unambiguous_alphabet_and_typed_codes_are_forgiving_about_case_spaces_and_dashes()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => CheckInCodes.NewCode()).ToList();

        Assert.All(codes, code => Assert.Matches("^[ACDEFHJKMNPQRTUVWXY3479]{6}$", code));
        Assert.True(codes.Distinct(StringComparer.Ordinal).Count() > 1990);
        Assert.DoesNotContain(CheckInCodes.Alphabet, c => "0O1IL2Z5S8B6G".Contains(c, StringComparison.Ordinal));
        Assert.Equal("K7MPQ3", CheckInCodes.Normalise(" k7m-pq3 "));
        Assert.Equal("K7MPQ3", CheckInCodes.Normalise("K7M PQ3"));
        Assert.Null(CheckInCodes.Normalise("K7MPQ"));
        Assert.Null(CheckInCodes.Normalise("K7MPQ0"));
        Assert.Null(CheckInCodes.Normalise(""));
        Assert.Null(CheckInCodes.Normalise(new string('A', 100)));
    }

    [Theory, DatabaseData]
    public async Task Only_instructors_and_practice_administrators_reach_the_session_pages(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var instructor = await app.CreateAccountAsync(practice.PracticeId, Roles.Instructor);
        var session = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.FromHours(1));
        var (_, _, learner) = await app.SignedInLearnerAsync(practice, 0);
        var admin = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin));

        foreach (var url in new[] { "/sessions", "/sessions/new", $"/sessions/{session.Id}", $"/sessions/{session.Id}/present", $"/sessions/{session.Id}/answer-key",
            $"/sessions/{session.Id}/paper-test", $"/sessions/{session.Id}/sign-in-sheet", $"/sessions/{session.Id}/paper-scores", $"/sessions/{session.Id}/cancel" })
        {
            var refused = await learner.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("/account/access-denied", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(url)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostFormAsync($"/sessions/{session.Id}", [], $"/sessions/{session.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostFormAsync($"/sessions/{session.Id}?handler=Unknown", [], $"/sessions/{session.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostFormAsync("/sessions", [], "/sessions")).StatusCode);
    }

    [Theory, DatabaseData]
    public async Task Cancelling_a_session_is_audited_with_its_reason_and_a_session_that_took_place_cannot_be_cancelled(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var (instructor, client) = await app.SignedInInstructorAsync(practice.PracticeId);
        var upcoming = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.FromDays(1));
        var past = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.FromDays(-1));

        var response = await client.PostFormAsync($"/sessions/{upcoming.Id}/cancel", [F("Reason", "Instructor ill")]);
        var refused = await client.PostFormAsync($"/sessions/{past.Id}/cancel", [F("Reason", "Tidying up")]);

        LiveSessionTestSupport.AssertRedirect(response, $"/sessions/{upcoming.Id}");
        Assert.Contains("cannot be cancelled now", await refused.TextAsync(), StringComparison.Ordinal);
        var (cancelled, pastCancelled, entry) = await app.WithDbAsync(async db => (
            (await db.LiveSessions.All().SingleAsync(s => s.Id == upcoming.Id)).CancelledAt,
            (await db.LiveSessions.All().SingleAsync(s => s.Id == past.Id)).CancelledAt,
            await db.AuditEntries.All().SingleAsync(e => e.Action == "session.cancelled")));
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, cancelled);
        Assert.Null(pastCancelled);
        Assert.Equal(upcoming.Id.ToString(), entry.TargetId);
        Assert.Contains("Instructor ill", entry.Changes, StringComparison.Ordinal);
        Assert.Contains("was cancelled", await (await client.GetAsync($"/sessions/{upcoming.Id}")).TextAsync(), StringComparison.Ordinal);
    }
}
