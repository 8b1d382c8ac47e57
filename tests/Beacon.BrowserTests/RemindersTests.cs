using Beacon.BrowserTests.Infrastructure;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Reminders;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Beacon.BrowserTests;

/// <summary>
/// The reminder pages end to end: the administrator's ladder (field errors, then saved), a learner's reminder hour,
/// a real reminder scan, and the learner reading the notification it made, with the header count following.
/// Keyboard and labels only, axe on every page.
/// </summary>
public sealed class RemindersTests
{
    [Fact]
    public async Task Admin_sets_the_ladder_a_learner_picks_an_hour_and_reads_the_reminder_the_scan_made()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync(staff: 1);
        var admin = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin);
        var learner = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        // 10 AM practice time tomorrow: inside the default sending hours (8 AM to 6 PM).
        var tomorrow = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), zone).DateTime).AddDays(1);
        var scanAt = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(tomorrow.ToDateTime(new TimeOnly(10, 0)), zone));
        await app.WithDbAsync(async db =>
        {
            var staff = await db.StaffMembers.SingleAsync(s => s.Id == practice.StaffIds[0]);
            // Hired 25 days before the scan with 30 days to complete: due in 5 days, the 7-day reminder.
            staff.HireDate = tomorrow.AddDays(-25);
            (await db.Users.SingleAsync(u => u.Id == learner.UserId)).StaffMemberId = staff.Id;
            await db.SaveChangesAsync();
            db.Requirements.Add(TestData.YearlyInService(practice.PracticeId, tomorrow.AddYears(-1)));
            await db.SaveChangesAsync();
        }, practice.PracticeId);

        await Browser.WithPageAsync(nameof(Admin_sets_the_ladder_a_learner_picks_an_hour_and_reads_the_reminder_the_scan_made), async page =>
        {
            await app.SignInAsync(page, admin);
            await page.GotoAsync(app.BaseUrl + "/practice/reminders");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Reminders");
            await page.GetByLabel("Days before the due date").FillAsync("30, 14, 14");
            await page.GetByLabel("Tell the practice administrators after this many days overdue").FillAsync("7");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save reminder settings" }).PressAsync("Enter");
            var summary = page.Locator("#error-summary");
            await Assertions.Expect(summary).ToContainTextAsync("14 days is listed twice");
            await Assertions.Expect(summary).ToContainTextAsync("at least the manager's number of days");
            await Assertions.Expect(page.Locator("#before-error")).ToContainTextAsync("listed twice");
            await page.AssertAccessibleAsync();

            // The summary's link takes the keyboard to the field.
            await summary.GetByRole(AriaRole.Link, new() { Name = "14 days is listed twice." }).PressAsync("Enter");
            await Assertions.Expect(page.GetByLabel("Days before the due date")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("ControlOrMeta+a");
            await page.Keyboard.TypeAsync("30, 14, 7, 1");
            await page.GetByLabel("Tell the practice administrators after this many days overdue").FillAsync("30");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save reminder settings" }).PressAsync("Enter");
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Reminder settings saved" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByLabel("Days before the due date")).ToHaveValueAsync("30, 14, 7, 1");
            await page.AssertAccessibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

            await app.SignInAsync(page, learner);
            await page.GotoAsync(app.BaseUrl + "/account/reminders");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Reminder time");
            await page.GetByLabel("Send my reminders from").SelectOptionAsync(new SelectOptionValue { Label = "9 AM" });
            await page.GetByRole(AriaRole.Button, new() { Name = "Save reminder time" }).PressAsync("Enter");
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Reminders will arrive from 9 AM, practice time." })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#notifications-link")).ToContainTextAsync("none unread");
            await page.AssertAccessibleAsync();

            // The scheduler's scan at 10 AM practice time makes one email and one notification for the learner.
            app.Time.SetUtcNow(scanAt);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var result = await scope.ServiceProvider.GetRequiredService<ReminderScan>().RunAsync(scanAt, CancellationToken.None);
                Assert.Equal((1, 1), (result.EmailsQueued, result.NotificationsAdded));
            }

            // The next morning the learner signs in again (yesterday's sign-in has expired on the app's clock).
            await app.SignInAsync(page, learner);
            await page.GotoAsync(app.BaseUrl + "/learn");
            var header = page.Locator("#notifications-link");
            await Assertions.Expect(header).ToContainTextAsync("1 unread");
            await header.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Notifications");
            await Assertions.Expect(page.Locator("#unread-summary")).ToHaveTextAsync("You have 1 unread notification.");
            var item = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Training reminder: 1 in-service needs your attention" });
            await Assertions.Expect(item).ToContainTextAsync("Annual human-trafficking in-service: due " + tomorrow.AddDays(5).ToString("MMM d, yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-US")));
            await page.AssertAccessibleAsync();

            var markRead = item.GetByRole(AriaRole.Button, new() { Name = "Mark as read" });
            await Assertions.Expect(markRead).ToHaveAccessibleNameAsync("Mark as read: Training reminder: 1 in-service needs your attention");
            await markRead.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#unread-summary")).ToHaveTextAsync("You have no unread notifications.");
            await Assertions.Expect(header).ToContainTextAsync("none unread");
            await page.AssertAccessibleAsync();
        });
    }
}
