using System.Net;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Beacon.Features.LiveSessions;
using Beacon.Tests.Courses;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Tests.LiveSessions;

/// <summary>Arranging live sessions and the people in them for the live-session tests.</summary>
public static class LiveSessionTestSupport
{
    /// <summary>The shipped course as published at start-up (version 1.0.0, the same files).</summary>
    public static readonly CoursePackage Course = ContentLoader.Load(ShippedCourseTests.CoursePath).Package!;

    /// <summary>A session stored directly, starting <paramref name="startsIn"/> from the app's clock.</summary>
    public static Task<LiveSession> CreateSessionAsync(this BeaconApp app, Guid practiceId, Guid instructorUserId, TimeSpan startsIn,
        int minutes = 60, string track = "clinical", string? code = null, Guid? siteId = null, bool cancelled = false, string? title = null) =>
        app.WithDbAsync(async db =>
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            var session = new LiveSession
            {
                PracticeId = practiceId,
                Title = title ?? TestData.Unique("In-service"),
                CourseId = Course.Id,
                Version = Course.Version,
                Track = track,
                SiteId = siteId,
                Location = "Conference room B",
                InstructorUserId = instructorUserId,
                StartsAt = now + startsIn,
                EndsAt = now + startsIn + TimeSpan.FromMinutes(minutes),
                CheckInCode = code ?? await CheckInCodes.NewUniqueAsync(db, now, CancellationToken.None),
                CancelledAt = cancelled ? now : null,
                CreatedAt = now,
            };
            db.LiveSessions.Add(session);
            await db.SaveChangesAsync();
            return session;
        }, practiceId);

    /// <summary>A learner account linked to the roster record <paramref name="staffIndex"/> of the practice, signed in.</summary>
    public static async Task<(AccountSeed Account, Guid StaffMemberId, HttpClient Client)> SignedInLearnerAsync(this BeaconApp app, PracticeSeed practice, int staffIndex)
    {
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var staffId = practice.StaffIds[staffIndex];
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == account.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.StaffMemberId, staffId)));
        return (account, staffId, await app.SignInAsync(account));
    }

    public static async Task<(AccountSeed Account, HttpClient Client)> SignedInInstructorAsync(this BeaconApp app, Guid practiceId)
    {
        var account = await app.CreateAccountAsync(practiceId, Roles.Instructor);
        return (account, await app.SignInAsync(account));
    }

    /// <summary>Types a code into the check-in form (the token comes from the form, which does not count as an attempt).</summary>
    public static Task<HttpResponseMessage> CheckInAsync(this HttpClient client, string code) =>
        client.PostFormAsync("/check-in", [Html.F("Code", code)]);

    public static void AssertRedirect(HttpResponseMessage response, string location)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect to {location}, got {(int)response.StatusCode}");
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    public static async Task<string> TextAsync(this HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode} {response.Headers.Location}");
        return (await Html.ParseAsync(response)).Body!.TextContent;
    }

    /// <summary>The index of each question's correct option, as shown, for answering an attempt fully right (or wrong).</summary>
    public static Dictionary<int, int> Answers(Beacon.Features.Learning.AssessmentAttempt attempt, int wrong = 0) =>
        Beacon.Features.Learning.Assessments.PaperOf(attempt)
            .Select((item, index) => (Position: index + 1, Shown: Array.IndexOf(item.Order, Course.Question(item.Q)!.Answer) + 1))
            .ToDictionary(x => x.Position, x => x.Position <= wrong ? x.Shown % 4 + 1 : x.Shown);
}
