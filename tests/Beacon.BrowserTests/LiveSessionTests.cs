using System.Text.RegularExpressions;
using Beacon.BrowserTests.Infrastructure;
using Beacon.BrowserTests.Pages;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Learning;
using Beacon.Features.LiveSessions;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Beacon.BrowserTests;

/// <summary>A live in-service end to end: the instructor schedules and presents it, learners check in on their phones, with axe on every page.</summary>
public sealed partial class LiveSessionTests
{
    [Fact]
    public async Task Instructor_presents_a_session_and_two_learners_check_in_and_pass_on_their_phones()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync(staff: 4);
        var instructor = await app.CreateAccountAsync(practice.PracticeId, Roles.Instructor);
        var first = await LearnerAsync(app, practice.StaffIds[0]);
        var second = await LearnerAsync(app, practice.StaffIds[1]);
        // A session that ended this morning: its code no longer works.
        var expiredCode = await app.WithDbAsync(async db =>
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            var session = new LiveSession
            {
                PracticeId = practice.PracticeId, Title = "Early in-service", CourseId = "ht-medical-practice", Version = "1.0.0", Track = "clinical",
                InstructorUserId = instructor.UserId, StartsAt = now.AddHours(-3), EndsAt = now.AddHours(-2), CheckInCode = "MMMMMM", CreatedAt = now,
            };
            db.LiveSessions.Add(session);
            await db.SaveChangesAsync();
            return session.CheckInCode;
        }, practice.PracticeId);

        await Browser.WithPageAsync(nameof(Instructor_presents_a_session_and_two_learners_check_in_and_pass_on_their_phones), async page =>
        {
            await app.SignInAsync(page, instructor);
            await page.GetByRole(AriaRole.Link, new() { Name = "Sessions", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Live sessions");
            await page.AssertAccessibleAsync();

            // The form first refuses a session that is already over, then schedules one under way now (9:00 CST).
            await page.GetByRole(AriaRole.Link, new() { Name = "Schedule a session" }).ClickAsync();
            await page.AssertAccessibleAsync();
            await page.GetByLabel("Title").FillAsync("March in-service");
            await page.GetByLabel("Track").SelectOptionAsync("non-clinical");
            await page.GetByLabel("Date").FillAsync("2026-03-01");
            await page.GetByLabel("Start time").FillAsync("09:00");
            await page.GetByLabel("Location or video-call link").FillAsync("Break room, North Clinic");
            await page.GetByRole(AriaRole.Button, new() { Name = "Schedule the session" }).ClickAsync();
            await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("would already be over");
            await Assertions.Expect(page.GetByLabel("Date")).ToHaveAttributeAsync("aria-invalid", "true");
            await page.AssertAccessibleAsync();
            await page.GetByLabel("Date").FillAsync("2026-03-02");
            await page.GetByRole(AriaRole.Button, new() { Name = "Schedule the session" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("March in-service");
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Its check-in code is");
            await Assertions.Expect(page.GetByText("Check-in is open")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            var code = (await page.Locator(".check-in-code [data-code]").InnerTextAsync()).Trim();
            Assert.Matches("^[ACDEFHJKMNPQRTUVWXY3479]{6}$", code);
            var sessionUrl = page.Url;

            // Presenter view: one slide at a time, moved by keyboard, notes on N.
            await page.GetByRole(AriaRole.Link, new() { Name = "Presenter view" }).ClickAsync();
            var counter = page.Locator("#slide-counter");
            await Assertions.Expect(counter).ToContainTextAsync(SlideOf(1));
            var total = int.Parse(SlideTotal().Match(await counter.InnerTextAsync()).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(total > 20, $"only {total} slides");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "March in-service" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#slide-2")).ToBeHiddenAsync();
            await page.AssertAccessibleAsync();

            await page.Keyboard.PressAsync("ArrowRight");
            await Assertions.Expect(counter).ToContainTextAsync(SlideOf(2));
            await Assertions.Expect(page.Locator("#slide-2")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#slide-1")).ToBeHiddenAsync();
            await page.Keyboard.PressAsync("PageDown");
            await page.Keyboard.PressAsync(" ");
            await Assertions.Expect(counter).ToContainTextAsync(SlideOf(4));
            await page.Keyboard.PressAsync("PageUp");
            await Assertions.Expect(counter).ToContainTextAsync(SlideOf(3));
            await page.Keyboard.PressAsync("End");
            await Assertions.Expect(counter).ToContainTextAsync(SlideOf(total));
            await Assertions.Expect(page.Locator($"#slide-{total}")).ToContainTextAsync("post-test on your phone");
            await page.Keyboard.PressAsync("ArrowRight");
            await Assertions.Expect(counter).ToContainTextAsync(SlideOf(total));
            await page.Keyboard.PressAsync("Home");
            await Assertions.Expect(counter).ToContainTextAsync(SlideOf(1));

            // Slide 4 is the first lesson section of the track; its notes stay hidden until N.
            await page.Keyboard.PressAsync("ArrowRight");
            await page.Keyboard.PressAsync("ArrowRight");
            await page.Keyboard.PressAsync("ArrowRight");
            await Assertions.Expect(counter).ToContainTextAsync(SlideOf(4));
            var notes = page.Locator("#slide-4 [data-notes]");
            await Assertions.Expect(notes).ToBeHiddenAsync();
            await page.Keyboard.PressAsync("n");
            await Assertions.Expect(notes).ToBeVisibleAsync();
            await Assertions.Expect(notes).ToContainTextAsync("Speaker notes");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Speaker notes" })).ToHaveAttributeAsync("aria-pressed", "true");
            await page.AssertAccessibleAsync();
            await page.Keyboard.PressAsync("N");
            await Assertions.Expect(notes).ToBeHiddenAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Next slide" }).ClickAsync();
            await Assertions.Expect(counter).ToContainTextAsync(SlideOf(5));
            Assert.EndsWith("#slide-5", page.Url, StringComparison.Ordinal);

            // Two learners on phones: one types the code, one follows the QR link; an expired code is refused.
            await OnPhoneAsync(app, first, async phone =>
            {
                await phone.GotoAsync(app.BaseUrl + "/check-in");
                await phone.AssertAccessibleAsync();
                await phone.GetByLabel("Session code").FillAsync(expiredCode);
                await phone.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
                await Assertions.Expect(phone.GetByRole(AriaRole.Alert)).ToContainTextAsync("Check-in for Early in-service closed at");
                await Assertions.Expect(phone.GetByLabel("Session code")).ToHaveAttributeAsync("aria-invalid", "true");
                await phone.AssertAccessibleAsync();

                await phone.GetByLabel("Session code").FillAsync(code.ToLowerInvariant());
                await phone.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
                await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("You are checked in to March in-service");
                await Assertions.Expect(phone.GetByRole(AriaRole.Button, new() { Name = "Take the post-test now" })).ToBeVisibleAsync();
                await phone.AssertAccessibleAsync();
                await phone.GetByRole(AriaRole.Button, new() { Name = "Take the post-test now" }).ClickAsync();
                await PostTestPage.AnswerEverythingCorrectlyAsync(phone, app);
                await phone.AssertAccessibleAsync();
            });
            await OnPhoneAsync(app, second, async phone =>
            {
                await phone.GotoAsync($"{app.BaseUrl}/check-in/{code}");
                await Assertions.Expect(phone.GetByText("March in-service")).ToBeVisibleAsync();
                await phone.AssertAccessibleAsync();
                await phone.GetByRole(AriaRole.Button, new() { Name = "Check me in" }).ClickAsync();
                await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("You are checked in to March in-service");
                await phone.AssertAccessibleAsync();
                await phone.GetByRole(AriaRole.Button, new() { Name = "Take the post-test now" }).ClickAsync();
                await PostTestPage.AnswerEverythingCorrectlyAsync(phone, app);
                await phone.AssertAccessibleAsync();
            });

            // Back on the session page the instructor sees both, and the paper pages are ready.
            await page.GotoAsync(sessionUrl);
            await Assertions.Expect(page.Locator("#attendance-count")).ToHaveTextAsync("2 people present.");
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Typed the code" })).ToHaveCountAsync(1);
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Scanned the QR code" })).ToHaveCountAsync(1);
            await page.AssertAccessibleAsync();
            foreach (var (link, heading) in new[] { ("Sign-in sheet", "Sign-in sheet"), ("Paper post-test", "Post-test"), ("Answer key", "Answer key"), ("Enter paper scores", "Paper scores") })
            {
                await page.GotoAsync(sessionUrl);
                await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
                await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(heading);
                await page.AssertAccessibleAsync();
            }
            await page.GetByLabel("Correct answers for").First.FillAsync("25");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save scores" }).ClickAsync();
            await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("a whole number from 0 to 20");
            await page.AssertAccessibleAsync();
        });

        var attendance = await app.WithDbAsync(db => db.Attendances.All().Where(a => a.PracticeId == practice.PracticeId).Select(a => a.StaffMemberId).ToListAsync());
        Assert.Equal(new[] { practice.StaffIds[0], practice.StaffIds[1] }.Order(), attendance.Order());
        var completions = await app.WithDbAsync(db => db.Completions.IgnoreQueryFilters().Where(c => c.PracticeId == practice.PracticeId)
            .Select(c => new { c.StaffMemberId, c.Basis, c.Track, HasSession = c.SessionId != null }).ToListAsync());
        Assert.Equal(new[] { practice.StaffIds[0], practice.StaffIds[1] }.Order(), completions.Select(c => c.StaffMemberId).Order());
        Assert.All(completions, c => Assert.Equal((CompletionBasis.LiveSession, "non-clinical", true), (c.Basis, c.Track, c.HasSession)));
    }

    private static string SlideOf(int number) => $"Slide {number} of ";

    [GeneratedRegex(@"Slide \d+ of (\d+)")]
    private static partial Regex SlideTotal();

    private static async Task<AccountSeed> LearnerAsync(BrowserApp app, Guid staffMemberId)
    {
        var practiceId = await app.WithDbAsync(db => db.StaffMembers.All().Where(s => s.Id == staffMemberId).Select(s => s.PracticeId).SingleAsync());
        var account = await app.CreateAccountAsync(practiceId, Roles.Learner);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == account.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.StaffMemberId, staffMemberId)));
        return account;
    }

    /// <summary>A learner's own phone: a browser context of its own, 390 × 844 CSS pixels.</summary>
    private static Task OnPhoneAsync(BrowserApp app, AccountSeed learner, Func<IPage, Task> test) =>
        Browser.WithPageAsync($"{nameof(Instructor_presents_a_session_and_two_learners_check_in_and_pass_on_their_phones)}-{learner.Email}", async phone =>
        {
            await phone.SetViewportSizeAsync(390, 844);
            await app.SignInAsync(phone, learner);
            await test(phone);
        });
}
