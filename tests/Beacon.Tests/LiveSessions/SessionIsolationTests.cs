using System.Net;
using System.Text.Json;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.LiveSessions;

/// <summary>Another practice's session, attendance and attempt ids behave exactly like missing ones, for every session page.</summary>
public sealed class SessionIsolationTests
{
    [Theory, DatabaseData]
    public async Task Every_session_page_answers_not_found_for_another_practice_ids_and_writes_nothing(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var a = await app.CreatePracticeAsync(staff: 2);
        var b = await app.CreatePracticeAsync(staff: 2);
        var instructorB = await app.CreateAccountAsync(b.PracticeId, Roles.Instructor);
        var clientB = await app.SignInAsync(instructorB);
        var sessionB = await app.CreateSessionAsync(b.PracticeId, instructorB.UserId, TimeSpan.Zero, title: "Bravo only in-service", code: "KKKKKK");
        await clientB.PostFormAsync($"/sessions/{sessionB.Id}?handler=MarkPresent", [F("staffMemberId", b.StaffIds[0].ToString())], $"/sessions/{sessionB.Id}");
        await clientB.PostFormAsync($"/sessions/{sessionB.Id}/paper-scores?handler=Save", [F("Scores[0].StaffMemberId", b.StaffIds[0].ToString()), F("Scores[0].Correct", "18")]);
        var attendanceB = await app.WithDbAsync(db => db.Attendances.All().SingleAsync(x => x.PracticeId == b.PracticeId));
        var attemptB = await app.WithDbAsync(db => db.AssessmentAttempts.All().SingleAsync(x => x.PracticeId == b.PracticeId));

        // A user of practice A with every role, on A's roster, with a session of A's own for mixed-id requests.
        var user = await app.CreateAccountAsync(a.PracticeId, Roles.PracticeAdmin, Roles.Instructor, Roles.Learner);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.StaffMemberId, a.StaffIds[0])));
        var client = await app.SignInAsync(user);
        var sessionA = await app.CreateSessionAsync(a.PracticeId, user.UserId, TimeSpan.Zero);
        var before = await FingerprintAsync(app, b.PracticeId);

        string[] gets =
        [
            $"/sessions/{sessionB.Id}", $"/sessions/{sessionB.Id}/present", $"/sessions/{sessionB.Id}/sign-in-sheet", $"/sessions/{sessionB.Id}/paper-test",
            $"/sessions/{sessionB.Id}/answer-key", $"/sessions/{sessionB.Id}/paper-scores", $"/sessions/{sessionB.Id}/cancel", $"/sessions/{sessionB.Id}/checked-in",
            $"/sessions/{sessionB.Id}/attendance/{attendanceB.Id}/remove", $"/sessions/{sessionA.Id}/attendance/{attendanceB.Id}/remove",
            $"/sessions/{sessionB.Id}/paper-scores/{attemptB.Id}/correct", $"/sessions/{sessionA.Id}/paper-scores/{attemptB.Id}/correct",
        ];
        (string Url, KeyValuePair<string, string>[] Fields)[] posts =
        [
            ($"/sessions/{sessionB.Id}", []),
            ($"/sessions/{sessionB.Id}?handler=MarkPresent", [F("staffMemberId", a.StaffIds[1].ToString())]),
            ($"/sessions/{sessionB.Id}?handler=MarkPresent", [F("staffMemberId", b.StaffIds[1].ToString())]),
            ($"/sessions/{sessionB.Id}/cancel", [F("Reason", "Taken over")]),
            ($"/sessions/{sessionB.Id}/paper-scores?handler=Save", [F("Scores[0].StaffMemberId", b.StaffIds[0].ToString()), F("Scores[0].Correct", "1")]),
            ($"/sessions/{sessionB.Id}/paper-scores?handler=MarkPresent", [F("staffMemberId", b.StaffIds[1].ToString())]),
            ($"/sessions/{sessionB.Id}/checked-in", []),
            ($"/sessions/{sessionB.Id}/attendance/{attendanceB.Id}/remove", []),
            ($"/sessions/{sessionA.Id}/attendance/{attendanceB.Id}/remove", []),
            ($"/sessions/{sessionB.Id}/paper-scores/{attemptB.Id}/correct", [F("Correct", "2"), F("Reason", "Taken over")]),
            ($"/sessions/{sessionA.Id}/paper-scores/{attemptB.Id}/correct", [F("Correct", "2"), F("Reason", "Taken over")]),
            ($"/sessions/{sessionB.Id}/present", []),
            ($"/sessions/{sessionB.Id}/paper-test", []),
        ];
        var token = await client.GetAntiforgeryTokenAsync("/check-in");
        var failures = new List<string>();
        foreach (var url in gets)
        {
            var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.NotFound || body.Contains("Bravo only", StringComparison.Ordinal))
            {
                failures.Add($"GET {url}: {(int)response.StatusCode}");
            }
        }
        foreach (var (url, fields) in posts)
        {
            var response = await client.PostFormWithTokenAsync(url, fields, token);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                failures.Add($"POST {url}: {(int)response.StatusCode}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Another practice's person, picked for A's own session, is as unknown as someone who does not exist.
        var foreignPerson = await client.PostFormWithTokenAsync($"/sessions/{sessionA.Id}?handler=MarkPresent", [F("staffMemberId", b.StaffIds[1].ToString())], token);
        Assert.Contains("not an active member", await (await client.GetAsync(foreignPerson.Headers.Location!.OriginalString)).TextAsync(), StringComparison.Ordinal);

        // B's code means nothing in A, typed or as a link, and B's session is not in A's list.
        Assert.Contains("There is no session with that code", await (await client.CheckInAsync("KKKKKK")).TextAsync(), StringComparison.Ordinal);
        Assert.Contains("There is no session with that code", await (await client.GetAsync("/check-in/KKKKKK")).TextAsync(), StringComparison.Ordinal);
        Assert.Contains("There is no session with that code", await (await client.PostFormWithTokenAsync("/check-in/KKKKKK", [], token)).TextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Bravo only", await (await client.GetAsync("/sessions")).TextAsync(), StringComparison.Ordinal);

        Assert.Equal(before, await FingerprintAsync(app, b.PracticeId));
        Assert.Equal(0, await app.WithDbAsync(db => db.Attendances.All().CountAsync(x => x.PracticeId == a.PracticeId)));
    }

    private static Task<string> FingerprintAsync(BeaconApp app, Guid practiceId) => app.WithDbAsync(async db => JsonSerializer.Serialize(new object[]
    {
        await db.LiveSessions.All().AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).ToListAsync(),
        await db.Attendances.All().AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).ToListAsync(),
        await db.AssessmentAttempts.All().AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).ToListAsync(),
        await db.Completions.All().AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).ToListAsync(),
        await db.AuditEntries.All().AsNoTracking().Where(x => x.PracticeId == practiceId).CountAsync(),
    }));
}
