using System.Net;
using Beacon.Data;
using Beacon.Features.Learning;
using Beacon.Features.LiveSessions;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.LiveSessions;

public sealed class AttendanceTests
{
    [Theory, DatabaseData]
    public async Task An_instructor_finds_someone_on_the_roster_marks_them_present_and_removes_them_again(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 4);
        var (instructor, client) = await app.SignedInInstructorAsync(practice.PracticeId);
        var session = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.FromMinutes(-10));
        var person = await app.WithDbAsync(db => db.StaffMembers.All().SingleAsync(s => s.Id == practice.StaffIds[2]));

        var search = await client.GetPageAsync($"/sessions/{session.Id}?q={person.LastName.ToUpperInvariant()}");
        var match = Assert.Single(search.QuerySelectorAll("form[action*='handler=MarkPresent'] input[name=staffMemberId]"));
        Assert.Equal(person.Id.ToString(), match.GetAttribute("value"));

        var marked = await client.PostFormAsync($"/sessions/{session.Id}?handler=MarkPresent", [F("staffMemberId", person.Id.ToString()), F("q", person.LastName)], $"/sessions/{session.Id}");
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        var attendance = await app.WithDbAsync(db => db.Attendances.All().SingleAsync());
        Assert.Equal((person.Id, AttendanceMethod.Manual, (Guid?)instructor.UserId), (attendance.StaffMemberId, attendance.Method, attendance.RecordedByUserId));
        var details = await client.GetPageAsync($"/sessions/{session.Id}?q={person.LastName}");
        var row = details.QuerySelectorAll("table tbody tr").Single();
        Assert.Contains($"{person.FirstName} {person.LastName}", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Marked present by hand", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Not started", row.TextContent, StringComparison.Ordinal);
        // Someone present is no longer offered.
        Assert.Empty(details.QuerySelectorAll("input[name=staffMemberId]"));

        var removePage = await client.GetPageAsync($"/sessions/{session.Id}/attendance/{attendance.Id}/remove");
        Assert.Contains($"Remove {person.FirstName} {person.LastName}", removePage.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        var removed = await client.PostFormAsync($"/sessions/{session.Id}/attendance/{attendance.Id}/remove", []);

        LiveSessionTestSupport.AssertRedirect(removed, $"/sessions/{session.Id}");
        Assert.Equal(0, await app.WithDbAsync(db => db.Attendances.All().CountAsync()));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.All().AnyAsync(e => e.Action == "attendance.deleted" && e.TargetId == attendance.Id.ToString())));
    }

    [Theory, DatabaseData]
    public async Task Nobody_is_marked_present_before_check_in_opens_at_a_cancelled_session_or_from_outside_the_active_roster(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 3);
        var other = await app.CreatePracticeAsync(staff: 1);
        var (instructor, client) = await app.SignedInInstructorAsync(practice.PracticeId);
        var later = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.FromHours(2));
        var cancelled = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.Zero, cancelled: true);
        var now = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.Zero);
        await app.WithDbAsync(db => db.StaffMembers.All().Where(s => s.Id == practice.StaffIds[1]).ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false)));

        async Task<string> Mark(LiveSession session, Guid staffId)
        {
            var response = await client.PostFormAsync($"/sessions/{session.Id}?handler=MarkPresent", [F("staffMemberId", staffId.ToString())], $"/sessions/{session.Id}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return (await client.GetPageAsync(response.Headers.Location!.OriginalString)).QuerySelector("main [role=alert], main [role=status]")!.TextContent;
        }

        Assert.Contains("once check-in opens", await Mark(later, practice.StaffIds[0]), StringComparison.Ordinal);
        Assert.Contains("was cancelled", await Mark(cancelled, practice.StaffIds[0]), StringComparison.Ordinal);
        Assert.Contains("not an active member", await Mark(now, practice.StaffIds[1]), StringComparison.Ordinal);
        Assert.Contains("not an active member", await Mark(now, other.StaffIds[0]), StringComparison.Ordinal);
        Assert.Contains("is marked present", await Mark(now, practice.StaffIds[2]), StringComparison.Ordinal);
        Assert.Contains("was already present", await Mark(now, practice.StaffIds[2]), StringComparison.Ordinal);

        Assert.Equal(1, await app.WithDbAsync(db => db.Attendances.All().CountAsync()));
    }

    [Theory, DatabaseData]
    public async Task Attendance_that_a_completion_rests_on_is_not_removed(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var (instructor, client) = await app.SignedInInstructorAsync(practice.PracticeId);
        var session = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.Zero, track: "non-clinical");
        await client.PostFormAsync($"/sessions/{session.Id}?handler=MarkPresent", [F("staffMemberId", practice.StaffIds[0].ToString())], $"/sessions/{session.Id}");
        var scored = await client.PostFormAsync($"/sessions/{session.Id}/paper-scores?handler=Save",
            [F("Scores[0].StaffMemberId", practice.StaffIds[0].ToString()), F("Scores[0].Correct", "19")]);
        Assert.Equal(HttpStatusCode.Redirect, scored.StatusCode);
        var attendance = await app.WithDbAsync(db => db.Attendances.All().SingleAsync());
        Assert.True(await app.WithDbAsync(db => db.Completions.All().AnyAsync(c => c.SessionId == session.Id)));

        var refused = await client.PostFormAsync($"/sessions/{session.Id}/attendance/{attendance.Id}/remove", []);

        Assert.Contains("their attendance is part of their training record", await refused.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Attendances.All().CountAsync()));
    }

    [Theory, DatabaseData]
    public async Task The_attendance_list_shows_each_person_post_test_from_the_session(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 3);
        var (instructor, client) = await app.SignedInInstructorAsync(practice.PracticeId);
        var session = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.Zero);
        foreach (var staffId in practice.StaffIds)
        {
            await client.PostFormAsync($"/sessions/{session.Id}?handler=MarkPresent", [F("staffMemberId", staffId.ToString())], $"/sessions/{session.Id}");
        }
        await client.PostFormAsync($"/sessions/{session.Id}/paper-scores?handler=Save",
        [
            F("Scores[0].StaffMemberId", practice.StaffIds[0].ToString()), F("Scores[0].Correct", "17"),
            F("Scores[1].StaffMemberId", practice.StaffIds[1].ToString()), F("Scores[1].Correct", "9"),
        ]);

        var rows = (await client.GetPageAsync($"/sessions/{session.Id}")).QuerySelectorAll("table tbody tr").Select(r => r.TextContent).ToList();
        var names = await app.WithDbAsync(db => db.StaffMembers.All().Where(s => s.PracticeId == practice.PracticeId).ToDictionaryAsync(s => s.Id, s => s.LastName));

        Assert.Contains("Passed, 17 of 20 (85%) on paper", rows.Single(r => r.Contains(names[practice.StaffIds[0]], StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("Not passed, 9 of 20 (45%) on paper", rows.Single(r => r.Contains(names[practice.StaffIds[1]], StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("Not started", rows.Single(r => r.Contains(names[practice.StaffIds[2]], StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDbAsync(db => db.AssessmentAttempts.All().CountAsync(a => a.Mode == AttemptMode.Paper)));
    }
}
