using Beacon.BrowserTests.Infrastructure;
using Beacon.BrowserTests.Pages;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Series;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using IcalCalendar = Ical.Net.Calendar;

namespace Beacon.BrowserTests;

/// <summary>
/// A recurring in-service end to end: the instructor schedules a monthly series, cancels one session, moves
/// another and changes the series; a learner books a seat on a phone and subscribes to their own calendar.
/// axe runs on every page visited.
/// </summary>
public sealed class SeriesTests
{
    [Fact]
    public async Task Instructor_schedules_a_series_cancels_and_moves_sessions_and_a_learner_books_on_a_phone_and_subscribes()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync(staff: 3);
        var instructor = await app.CreateAccountAsync(practice.PracticeId, Roles.Instructor);
        var learner = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var staffId = practice.StaffIds[0];
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == learner.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.StaffMemberId, staffId)));

        await Browser.WithPageAsync(nameof(Instructor_schedules_a_series_cancels_and_moves_sessions_and_a_learner_books_on_a_phone_and_subscribes), async page =>
        {
            await SignInAsync(page, app, instructor);
            await page.GetByRole(AriaRole.Link, new() { Name = "Series", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Session series");
            await page.AssertAccessibleAsync();

            // The form refuses a series without a place, then schedules the second Monday of six months at noon.
            await page.GetByRole(AriaRole.Link, new() { Name = "New series", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("New session series");
            await page.AssertAccessibleAsync();
            await page.GetByLabel("Title").FillAsync("Monthly in-service");
            await page.GetByLabel("First session").FillAsync("2026-03-09");
            await page.GetByLabel("Location or video-call link").FillAsync("");
            await page.GetByRole(AriaRole.Button, new() { Name = "Schedule the series" }).ClickAsync();
            await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("Enter the room or address");
            await Assertions.Expect(page.GetByLabel("Location or video-call link")).ToHaveAttributeAsync("aria-invalid", "true");
            await page.AssertAccessibleAsync();
            await page.GetByLabel("Location or video-call link").FillAsync("Conference room B");
            await page.GetByRole(AriaRole.Button, new() { Name = "Schedule the series" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Monthly in-service");
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("6 sessions scheduled");
            var rows = page.Locator("#occurrences tbody tr");
            await Assertions.Expect(rows).ToHaveCountAsync(6);
            await Assertions.Expect(page.GetByText("Every month on the second Monday")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            // Cancel the April session.
            await rows.Nth(1).GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Cancel the session of");
            await page.AssertAccessibleAsync();
            await page.GetByLabel("Reason").FillAsync("Clinic closed for inventory");
            await page.GetByRole(AriaRole.Button, new() { Name = "Cancel this session" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("is cancelled");
            await Assertions.Expect(rows.Nth(1)).ToHaveAttributeAsync("data-status", "cancelled");
            await page.AssertAccessibleAsync();

            // Move the May session: a time that has passed is refused, then it moves to the Tuesday afternoon.
            await rows.Nth(2).GetByRole(AriaRole.Link, new() { Name = "Move" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Move the session of");
            await page.AssertAccessibleAsync();
            await page.GetByLabel("New date").FillAsync("2026-03-01");
            await page.GetByRole(AriaRole.Button, new() { Name = "Move this session" }).ClickAsync();
            await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("That time has passed");
            await Assertions.Expect(page.GetByLabel("New date")).ToHaveAttributeAsync("aria-invalid", "true");
            await page.AssertAccessibleAsync();
            await page.GetByLabel("New date").FillAsync("2026-05-12");
            await page.GetByLabel("New start time").FillAsync("13:30");
            await page.GetByLabel("Location or video-call link").FillAsync("Break room, South Clinic");
            await page.GetByRole(AriaRole.Button, new() { Name = "Move this session" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The session is moved to");
            await Assertions.Expect(rows.Nth(2)).ToContainTextAsync("Moved from");
            await Assertions.Expect(rows.Nth(2)).ToContainTextAsync("Break room, South Clinic");
            await page.AssertAccessibleAsync();

            // The live-session page's cancel button leads to the series' cancel page for a series session.
            var juneId = await rows.Nth(3).GetAttributeAsync("data-occurrence");
            await page.GotoAsync($"{app.BaseUrl}/sessions/{juneId}");
            await page.AssertAccessibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Cancel session" }).ClickAsync();
            await page.WaitForURLAsync($"**/series/occurrences/{juneId}/cancel");
            await page.AssertAccessibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Keep it" }).ClickAsync();

            // Change the series for the sessions to come: more seats and another room.
            await page.GetByRole(AriaRole.Link, new() { Name = "Change title, place, seats or instructor" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Change Monthly in-service");
            await page.AssertAccessibleAsync();
            await page.GetByLabel("Seats per session").FillAsync("0");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save for the sessions to come" }).ClickAsync();
            await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("from 1 to 500");
            await page.AssertAccessibleAsync();
            await page.GetByLabel("Seats per session").FillAsync("12");
            await page.GetByLabel("Location or video-call link").FillAsync("Conference room C");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save for the sessions to come" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The series is changed for its 5 sessions to come");
            await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("Conference room C");
            await Assertions.Expect(rows.Nth(2)).ToContainTextAsync("Break room, South Clinic");
            await page.AssertAccessibleAsync();

            // Invite staff who are due: without a requirement for the course, nobody is.
            await rows.Nth(0).GetByRole(AriaRole.Link, new() { Name = "Invite staff who are due" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Nobody needs inviting")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
        });

        var sessions = await app.WithDbAsync(db => db.LiveSessions.Where(s => s.PracticeId == practice.PracticeId && s.SeriesId != null).OrderBy(s => s.RecurrenceId).ToListAsync(), practice.PracticeId);
        Assert.Equal(6, sessions.Count);
        Assert.NotNull(sessions[1].CancelledAt);
        var first = sessions[0];

        // The learner, on a phone, books the first session from the menu and subscribes to their own bookings.
        await Browser.WithPageAsync(nameof(Instructor_schedules_a_series_cancels_and_moves_sessions_and_a_learner_books_on_a_phone_and_subscribes) + "-phone", async phone =>
        {
            await phone.SetViewportSizeAsync(390, 844);
            await phone.GotoAsync(app.BaseUrl + "/account/sign-in");
            await phone.AssertAccessibleAsync();
            await new SignInPage(phone).SignInAsync(learner.Email, learner.Password);
            await phone.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
            await phone.AssertAccessibleAsync();
            await phone.GetByRole(AriaRole.Button, new() { Name = "Show or hide the menu" }).ClickAsync();
            await phone.GetByRole(AriaRole.Link, new() { Name = "Book", Exact = true }).ClickAsync();
            await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Book an in-service");
            var rows = phone.Locator("#bookable tbody tr");
            await Assertions.Expect(rows).ToHaveCountAsync(5);
            await Assertions.Expect(phone.Locator($"#bookable tr[data-session='{sessions[1].Id}']")).ToHaveCountAsync(0);
            await Assertions.Expect(rows.First).ToContainTextAsync("0 of 12");
            await phone.AssertAccessibleAsync();

            await rows.First.GetByRole(AriaRole.Button, new() { Name = "Book" }).ClickAsync();
            await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Your seat is booked");
            await Assertions.Expect(rows.First).ToContainTextAsync("1 of 12");
            await Assertions.Expect(rows.First.GetByText("Booked", new() { Exact = true })).ToBeVisibleAsync();
            await phone.AssertAccessibleAsync();

            await phone.GetByRole(AriaRole.Link, new() { Name = "calendar feeds" }).ClickAsync();
            await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Calendar feeds");
            await phone.AssertAccessibleAsync();
            await phone.GetByRole(AriaRole.Button, new() { Name = "Make a feed address" }).ClickAsync();
            var address = await phone.GetByLabel("Feed address").InputValueAsync();
            Assert.StartsWith("http", address, StringComparison.Ordinal);
            await phone.AssertAccessibleAsync();

            // The address works without signing in and holds the booked session.
            using var anonymous = new HttpClient();
            var feed = IcalCalendar.Load(await anonymous.GetStringAsync(app.BaseUrl + new Uri(address).PathAndQuery))!;
            var booked = Assert.Single(feed.Events);
            Assert.Equal("Monthly in-service", booked.Summary);
            Assert.Equal("Conference room C", booked.Location);
            Assert.Equal("CONFIRMED", booked.Status);
            Assert.Equal(first.StartsAt, booked.DtStart!.AsUtc);
        });

        var bookings = await app.WithDbAsync(db => db.SessionBookings.Where(b => b.StaffMemberId == staffId).ToListAsync(), practice.PracticeId);
        var booking = Assert.Single(bookings);
        Assert.Equal(first.Id, booking.SessionId);
        Assert.Equal(BookingStatus.Booked, booking.Status);
        Assert.Equal(1, booking.Seat);
    }

    private static async Task SignInAsync(IPage page, BrowserApp app, AccountSeed account)
    {
        await page.GotoAsync(app.BaseUrl + "/account/sign-in");
        await page.AssertAccessibleAsync();
        await new SignInPage(page).SignInAsync(account.Email, account.Password);
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
        await page.AssertAccessibleAsync();
    }
}
