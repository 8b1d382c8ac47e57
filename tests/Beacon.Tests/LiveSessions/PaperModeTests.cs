using System.Net;
using Beacon.Data;
using Beacon.Features.Learning;
using Beacon.Features.LiveSessions;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.LiveSessions;

public sealed class PaperModeTests
{
    private static readonly Beacon.Features.Courses.CoursePackage Course = LiveSessionTestSupport.Course;

    [Fact]
    public void A_seeded_draw_is_the_same_every_time_and_differs_between_sessions()
    {
        var track = Course.Track("clinical")!;
        var session = Guid.CreateVersion7();

        var first = Assessments.Draw(Course, track, 20, session);
        var again = Assessments.Draw(Course, track, 20, session);
        var other = Assessments.Draw(Course, track, 20, Guid.CreateVersion7());

        Assert.Equal(SessionPaper.ToJson(first), SessionPaper.ToJson(again));
        Assert.NotEqual(SessionPaper.ToJson(first), SessionPaper.ToJson(other));
        Assert.Equal(20, first.Select(p => p.Q).Distinct().Count());
        Assert.Equal(track.Modules.Order(), first.Select(p => Course.Question(p.Q)!.Module).Distinct().Order());
        Assert.All(first, p => Assert.Equal([1, 2, 3, 4], p.Order.Order()));
        // A fixed seed gives a fixed paper on every machine and .NET version: the first question never moves.
        Assert.Equal(SessionPaper.ToJson(Assessments.Draw(Course, track, 20, Guid.Parse("0190a8e2-5b7c-7d3e-9f10-123456789abc"))),
            SessionPaper.ToJson(Assessments.Draw(Course, track, 20, Guid.Parse("0190a8e2-5b7c-7d3e-9f10-123456789abc"))));
    }

    [Fact]
    public void Short_rationales_name_options_by_the_letters_printed_on_the_paper()
    {
        int[] order = [3, 1, 4, 2];

        Assert.Equal("Free rent is a thing of value (answer C).",
            SessionPaper.ShortRationale("Free rent is a thing of value (option 4). Money is not required (option 2).", order));
        Assert.Equal("Both are wrong (answers B and D).", SessionPaper.ShortRationale("Both are wrong (options 1 and 2). More.", order));
        Assert.Equal("Under 22 U.S.C. 7102 it counts (answers A, B and D).", SessionPaper.ShortRationale("Under 22 U.S.C. 7102 it counts (options 3, 1 and 2).", order));
    }

    [Theory, DatabaseData]
    public async Task The_paper_test_prints_the_same_every_time_and_the_answer_key_marks_that_paper(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var (instructor, client) = await app.SignedInInstructorAsync(practice.PracticeId);
        var session = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.FromDays(1), track: "non-clinical");
        var another = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.FromDays(1), track: "non-clinical");

        var first = await client.GetPageAsync($"/sessions/{session.Id}/paper-test");
        app.Time.Advance(TimeSpan.FromMinutes(20));
        var second = await client.GetPageAsync($"/sessions/{session.Id}/paper-test");
        var other = await client.GetPageAsync($"/sessions/{another.Id}/paper-test");
        var key = await client.GetPageAsync($"/sessions/{session.Id}/answer-key");

        var paper = first.QuerySelector(".paper-questions")!.OuterHtml;
        Assert.Equal(paper, second.QuerySelector(".paper-questions")!.OuterHtml);
        Assert.NotEqual(paper, other.QuerySelector(".paper-questions")!.OuterHtml);
        Assert.Contains("Name:", first.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Date:", first.Body!.TextContent, StringComparison.Ordinal);

        var questions = first.QuerySelectorAll(".paper-question").ToList();
        var keyRows = key.QuerySelectorAll("table.answer-key tbody tr").ToList();
        Assert.Equal(20, questions.Count);
        Assert.Equal(20, keyRows.Count);
        var drawn = SessionPaper.Draw(Course, Course.Track("non-clinical")!, session.Id);
        for (var i = 0; i < questions.Count; i++)
        {
            var question = Course.Question(drawn[i].Q)!;
            var options = questions[i].QuerySelectorAll(".paper-options li").ToList();
            Assert.Equal(question.Stem, questions[i].QuerySelector("p")!.TextContent);
            Assert.Equal(["A", "B", "C", "D"], options.Select(o => o.QuerySelector(".paper-letter")!.TextContent));
            // The key's letter is the printed option that holds the bank's right answer.
            var letter = keyRows[i].QuerySelector(".answer-letter")!.TextContent;
            var marked = options.Single(o => o.QuerySelector(".paper-letter")!.TextContent == letter);
            Assert.EndsWith(question.Options[question.Answer - 1], marked.TextContent.Trim(), StringComparison.Ordinal);
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), keyRows[i].QuerySelector("th")!.TextContent);
            Assert.DoesNotContain("(option", keyRows[i].TextContent, StringComparison.Ordinal);
        }
        // The test itself never carries the key.
        Assert.DoesNotContain("answer-letter", first.Body!.OuterHtml, StringComparison.Ordinal);
        Assert.All(Course.Questions, q => Assert.DoesNotContain(q.Rationale, first.Body!.TextContent, StringComparison.Ordinal));
    }

    [Theory, DatabaseData]
    public async Task Paper_scores_become_paper_attempts_of_the_session_and_a_pass_completes_the_course(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 4);
        var (instructor, client) = await app.SignedInInstructorAsync(practice.PracticeId);
        var session = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.FromMinutes(-50));
        var ids = practice.StaffIds;
        foreach (var staffId in ids.Take(3))
        {
            await client.PostFormAsync($"/sessions/{session.Id}?handler=MarkPresent", [F("staffMemberId", staffId.ToString())], $"/sessions/{session.Id}");
        }
        // The fourth signed the paper sheet: added from the scores page.
        var added = await client.PostFormAsync($"/sessions/{session.Id}/paper-scores?handler=MarkPresent", [F("staffMemberId", ids[3].ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(AttendanceMethod.PaperSheet, await app.WithDbAsync(db => db.Attendances.All().Where(a => a.StaffMemberId == ids[3]).Select(a => a.Method).SingleAsync()));

        var form = await client.GetPageAsync($"/sessions/{session.Id}/paper-scores");
        Assert.Equal(4, form.QuerySelectorAll("input[name$='.Correct']").Length);

        // One bad row: nothing is saved, and that row says what is wrong.
        var refused = await client.PostFormAsync($"/sessions/{session.Id}/paper-scores?handler=Save",
        [
            F("Scores[0].StaffMemberId", ids[0].ToString()), F("Scores[0].Correct", "20"),
            F("Scores[1].StaffMemberId", ids[1].ToString()), F("Scores[1].Correct", "21"),
            F("Scores[2].StaffMemberId", ids[2].ToString()), F("Scores[2].Correct", "-3"),
        ]);
        var refusedPage = await ParseAsync(refused);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Nothing was saved", refusedPage.QuerySelector("#error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("a whole number from 0 to 20", refusedPage.QuerySelector($"#score-error-{ids[1]}")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("a whole number from 0 to 20", refusedPage.QuerySelector($"#score-error-{ids[2]}")!.TextContent, StringComparison.Ordinal);
        Assert.Null(refusedPage.QuerySelector($"#score-error-{ids[0]}"));
        Assert.Equal("true", refusedPage.QuerySelector($"#score-{ids[1]}")!.GetAttribute("aria-invalid"));
        Assert.Equal("21", refusedPage.QuerySelector($"#score-{ids[1]}")!.GetAttribute("value"));
        Assert.Equal(0, await app.WithDbAsync(db => db.AssessmentAttempts.All().CountAsync()));

        var saved = await client.PostFormAsync($"/sessions/{session.Id}/paper-scores?handler=Save",
        [
            F("Scores[0].StaffMemberId", ids[0].ToString()), F("Scores[0].Correct", "16"),
            F("Scores[1].StaffMemberId", ids[1].ToString()), F("Scores[1].Correct", "15"),
            F("Scores[2].StaffMemberId", ids[2].ToString()), F("Scores[2].Correct", ""),
            F("Scores[3].StaffMemberId", ids[3].ToString()), F("Scores[3].Correct", " 20 "),
        ]);
        LiveSessionTestSupport.AssertRedirect(saved, $"/sessions/{session.Id}/paper-scores");

        var attempts = await app.WithDbAsync(db => db.AssessmentAttempts.All().AsNoTracking().ToDictionaryAsync(a => a.StaffMemberId));
        var paper = SessionPaper.ToJson(SessionPaper.Draw(Course, Course.Track("clinical")!, session.Id));
        Assert.Equal(new[] { ids[0], ids[1], ids[3] }.Order(), attempts.Keys.Order());
        Assert.All(attempts.Values, a =>
        {
            Assert.Equal((AttemptKind.PostTest, AttemptMode.Paper, (Guid?)session.Id, (Guid?)instructor.UserId), (a.Kind, a.Mode, a.SessionId, a.RecordedByUserId));
            Assert.Equal(paper, a.Paper);
            Assert.Equal(20, a.QuestionCount);
            Assert.Equal(app.Time.GetUtcNow().UtcDateTime, a.SubmittedAt);
            Assert.Equal(("ht-medical-practice", "1.0.0", "clinical"), (a.CourseId, a.Version, a.Track));
        });
        // 80% of 20 is 16: the fewest that pass.
        Assert.Equal((16, true), (attempts[ids[0]].Score, attempts[ids[0]].Passed));
        Assert.Equal((15, false), (attempts[ids[1]].Score, attempts[ids[1]].Passed));
        Assert.Equal((20, true), (attempts[ids[3]].Score, attempts[ids[3]].Passed));
        var completions = await app.WithDbAsync(db => db.Completions.All().AsNoTracking().ToListAsync());
        Assert.Equal(new[] { ids[0], ids[3] }.Order(), completions.Select(c => c.StaffMemberId).Order());
        Assert.All(completions, c => Assert.Equal((CompletionBasis.LiveSession, (Guid?)session.Id), (c.Basis, c.SessionId)));
        Assert.Equal(2, await app.WithDbAsync(db => db.Certificates.All().CountAsync()));
    }

    [Theory, DatabaseData]
    public async Task A_recorded_score_is_never_typed_over_and_a_correction_is_explicit_and_audited(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var (instructor, client) = await app.SignedInInstructorAsync(practice.PracticeId);
        var session = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.Zero);
        var staffId = practice.StaffIds[0];
        await client.PostFormAsync($"/sessions/{session.Id}?handler=MarkPresent", [F("staffMemberId", staffId.ToString())], $"/sessions/{session.Id}");
        await client.PostFormAsync($"/sessions/{session.Id}/paper-scores?handler=Save", [F("Scores[0].StaffMemberId", staffId.ToString()), F("Scores[0].Correct", "12")]);
        var attempt = await app.WithDbAsync(db => db.AssessmentAttempts.All().SingleAsync());

        var page = await client.GetPageAsync($"/sessions/{session.Id}/paper-scores");
        Assert.Empty(page.QuerySelectorAll("input[name$='.Correct']"));
        Assert.Contains("12 (not passed), entered by Test Instructor", page.QuerySelector("table tbody tr")!.TextContent, StringComparison.Ordinal);
        var again = await client.PostFormAsync($"/sessions/{session.Id}/paper-scores?handler=Save", [F("Scores[0].StaffMemberId", staffId.ToString()), F("Scores[0].Correct", "18")]);
        Assert.Contains("already has a score of 12 of 20", await again.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(12, await app.WithDbAsync(db => db.AssessmentAttempts.All().Select(a => a.Score).SingleAsync()));

        var correctUrl = $"/sessions/{session.Id}/paper-scores/{attempt.Id}/correct";
        Assert.Contains("Recorded: 12 of 20", (await client.GetPageAsync(correctUrl)).Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Say why the score is being corrected", await (await client.PostFormAsync(correctUrl, [F("Correct", "18"), F("Reason", "")])).TextAsync(), StringComparison.Ordinal);
        Assert.Contains("is the score already recorded", await (await client.PostFormAsync(correctUrl, [F("Correct", "12"), F("Reason", "Typo")])).TextAsync(), StringComparison.Ordinal);
        Assert.Contains("a whole number from 0 to 20", await (await client.PostFormAsync(correctUrl, [F("Correct", "40"), F("Reason", "Typo")])).TextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Completions.All().CountAsync()));

        var corrected = await client.PostFormAsync(correctUrl, [F("Correct", "18"), F("Reason", "Page two was not counted")]);

        LiveSessionTestSupport.AssertRedirect(corrected, $"/sessions/{session.Id}/paper-scores");
        var stored = await app.WithDbAsync(db => db.AssessmentAttempts.All().AsNoTracking().SingleAsync());
        Assert.Equal((attempt.Id, 18, true), (stored.Id, stored.Score, stored.Passed));
        var entry = await app.WithDbAsync(db => db.AuditEntries.All().SingleAsync(e => e.Action == "attempt.score-corrected"));
        Assert.Equal(attempt.Id.ToString(), entry.TargetId);
        Assert.Contains("Page two was not counted", entry.Changes, StringComparison.Ordinal);
        Assert.Contains("\"from\":12", entry.Changes, StringComparison.Ordinal);
        Assert.Contains("\"to\":18", entry.Changes, StringComparison.Ordinal);
        Assert.Equal(attempt.Id, await app.WithDbAsync(db => db.Completions.All().Select(c => c.AttemptId).SingleAsync()));

        // Now that a completion rests on it, the score is not corrected down to a fail.
        var toFail = await client.PostFormAsync(correctUrl, [F("Correct", "3"), F("Reason", "Wrong paper")]);
        Assert.Contains("completed the course with this score", await toFail.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(18, await app.WithDbAsync(db => db.AssessmentAttempts.All().Select(a => a.Score).SingleAsync()));
    }

    [Theory, DatabaseData]
    public async Task Scores_are_refused_for_people_not_present_before_the_session_and_past_the_attempt_limit(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 3);
        var (instructor, client) = await app.SignedInInstructorAsync(practice.PracticeId);
        var later = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.FromHours(3));
        var session = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.Zero);
        var ids = practice.StaffIds;
        await client.PostFormAsync($"/sessions/{session.Id}?handler=MarkPresent", [F("staffMemberId", ids[0].ToString())], $"/sessions/{session.Id}");
        await client.PostFormAsync($"/sessions/{session.Id}?handler=MarkPresent", [F("staffMemberId", ids[1].ToString())], $"/sessions/{session.Id}");
        // The second person has already used every post-test attempt of this version online.
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < Course.AttemptLimit; i++)
            {
                db.AssessmentAttempts.Add(new AssessmentAttempt
                {
                    PracticeId = practice.PracticeId, StaffMemberId = ids[1], CourseId = Course.Id, Version = Course.Version, Track = "clinical",
                    Kind = AttemptKind.PostTest, Paper = "[]", StartedAt = app.Time.GetUtcNow().UtcDateTime, SubmittedAt = app.Time.GetUtcNow().UtcDateTime, Score = 3, Passed = false, QuestionCount = 20,
                });
            }
            await db.SaveChangesAsync();
        }, practice.PracticeId);

        var early = await client.PostFormAsync($"/sessions/{later.Id}/paper-scores?handler=Save", [F("Scores[0].StaffMemberId", ids[0].ToString()), F("Scores[0].Correct", "17")], $"/sessions/{later.Id}/paper-scores");
        var response = await client.PostFormAsync($"/sessions/{session.Id}/paper-scores?handler=Save",
        [
            F("Scores[0].StaffMemberId", ids[2].ToString()), F("Scores[0].Correct", "17"),
            F("Scores[1].StaffMemberId", ids[1].ToString()), F("Scores[1].Correct", "17"),
        ]);
        var empty = await client.PostFormAsync($"/sessions/{session.Id}/paper-scores?handler=Save", [F("Scores[0].StaffMemberId", ids[0].ToString()), F("Scores[0].Correct", "")]);

        LiveSessionTestSupport.AssertRedirect(early, $"/sessions/{later.Id}/paper-scores");
        var text = await response.TextAsync();
        Assert.Contains("Only people on the attendance list can have a score", text, StringComparison.Ordinal);
        Assert.Contains($"has used all {Course.AttemptLimit} post-test attempts", text, StringComparison.Ordinal);
        Assert.Contains("Type at least one score", await empty.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.AssessmentAttempts.All().CountAsync(a => a.Mode == AttemptMode.Paper)));
    }

    [Theory, DatabaseData]
    public async Task The_sign_in_sheet_lists_the_active_staff_of_the_session_site_or_everyone_with_blank_rows_for_walk_ins(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 6);
        var (instructor, client) = await app.SignedInInstructorAsync(practice.PracticeId);
        var site = practice.SiteIds[1];
        var atSite = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.FromDays(1), siteId: site, title: "North in-service");
        var everyone = await app.CreateSessionAsync(practice.PracticeId, instructor.UserId, TimeSpan.FromDays(1));
        var staff = await app.WithDbAsync(db => db.StaffMembers.All().Where(s => s.PracticeId == practice.PracticeId).ToListAsync());
        var leaver = staff.First(s => s.SiteId == site);
        await app.WithDbAsync(db => db.StaffMembers.All().Where(s => s.Id == leaver.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false)));

        var sheet = await client.GetPageAsync($"/sessions/{atSite.Id}/sign-in-sheet");
        var all = await client.GetPageAsync($"/sessions/{everyone.Id}/sign-in-sheet");

        var listed = sheet.QuerySelectorAll("tbody tr:not(.walk-in) th").Select(th => th.TextContent).ToList();
        var expected = staff.Where(s => s.SiteId == site && s.Id != leaver.Id).OrderBy(s => s.LastName, StringComparer.Ordinal).Select(s => $"{s.LastName}, {s.FirstName} ({s.EmployeeId})").ToList();
        Assert.Equal(expected, listed);
        Assert.Equal(SignInSheetModel.WalkInRows, sheet.QuerySelectorAll("tbody tr.walk-in").Length);
        Assert.Equal(["#", "Name", "Job role", "Signature", "Time"], sheet.QuerySelectorAll("thead th").Select(th => th.TextContent));
        Assert.Contains("North in-service", sheet.QuerySelector(".print-facts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(practice.Name, sheet.QuerySelector(".print-facts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Test Instructor", sheet.QuerySelector(".print-facts")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(staff.Count - 1, all.QuerySelectorAll("tbody tr:not(.walk-in)").Length);
    }
}
