using System.Net;
using Beacon.Data;
using Beacon.Features.Notifications;
using Beacon.Tests.Infrastructure;
using Beacon.Tests.LiveSessions;
using Beacon.Tests.Practices;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Reminders;

/// <summary>The reminder ladder page, a learner's reminder hour and the notifications list, through their forms.</summary>
public sealed class ReminderPagesTests
{
    [Theory, DatabaseData]
    public async Task The_ladder_refuses_bad_values_field_by_field_and_saves_good_ones(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, admin) = await app.SignedInAdminAsync();

        var page = await admin.GetPageAsync("/practice/reminders");
        Assert.Equal("30, 14, 7, 1", page.QuerySelector("#Input_BeforeDays")!.GetAttribute("value"));

        var bad = await ParseAsync(await admin.PostFormAsync("/practice/reminders",
        [
            F("Input.BeforeDays", "30, soon"), F("Input.ManagerAfterDays", "20"), F("Input.AdminAfterDays", "10"),
            F("Input.DigestDay", "Monday"), F("Input.EarliestHour", "9"), F("Input.LatestHour", "9"),
        ]));
        var errors = bad.QuerySelectorAll("#error-summary li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("after the manager", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("after the earliest hour", StringComparison.Ordinal));
        Assert.Equal("true", bad.QuerySelector("#Input_BeforeDays")!.GetAttribute("aria-invalid"));
        Assert.Null(await app.WithDbAsync(db => db.ReminderSettings.AsNoTracking().FirstOrDefaultAsync(), practice.PracticeId));

        var saved = await admin.PostFormAsync("/practice/reminders",
        [
            F("Input.BeforeDays", "7, 21, 3"), F("Input.WeeklyWhileOverdue", "false"), F("Input.ManagerAfterDays", "5"), F("Input.AdminAfterDays", "15"),
            F("Input.DigestDay", "Friday"), F("Input.EarliestHour", "7"), F("Input.LatestHour", "12"),
        ]);
        LiveSessionTestSupport.AssertRedirect(saved, "/practice/reminders");
        var settings = await app.WithDbAsync(db => db.ReminderSettings.AsNoTracking().SingleAsync(), practice.PracticeId);
        Assert.Equal(("21,7,3", false, 5, 15, DayOfWeek.Friday, 7, 12),
            (settings.BeforeDays, settings.WeeklyWhileOverdue, settings.ManagerAfterDays, settings.AdminAfterDays, settings.DigestDay, settings.EarliestHour, settings.LatestHour));
        Assert.Equal("21, 7, 3", (await admin.GetPageAsync("/practice/reminders")).QuerySelector("#Input_BeforeDays")!.GetAttribute("value"));
    }

    [Theory, DatabaseData]
    public async Task A_learner_picks_an_hour_inside_the_practice_hours_and_has_no_switch_to_turn_reminders_off(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, _) = await app.SignedInAdminAsync();
        var (_, staffId, learner) = await app.SignedInLearnerAsync(practice, 0);

        var page = await learner.GetPageAsync("/account/reminders");
        var hours = page.QuerySelectorAll("select#PreferredHour option").Select(o => o.GetAttribute("value") ?? "").ToList();
        Assert.Equal(Enumerable.Range(8, 10).Select(h => h.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), hours);
        // Compliance reminders cannot be switched off: the page offers no such control.
        Assert.Empty(page.QuerySelectorAll("main input[type=checkbox]"));

        var refused = await ParseAsync(await learner.PostFormAsync("/account/reminders", [F("PreferredHour", "20")]));
        Assert.Contains("from 8 AM to 5 PM", refused.QuerySelector("#error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.ReminderPreferences.CountAsync(), practice.PracticeId));

        LiveSessionTestSupport.AssertRedirect(await learner.PostFormAsync("/account/reminders", [F("PreferredHour", "14")]), "/account/reminders");
        var preference = await app.WithDbAsync(db => db.ReminderPreferences.AsNoTracking().SingleAsync(), practice.PracticeId);
        Assert.Equal((staffId, 14), (preference.StaffMemberId, preference.PreferredHour));
        Assert.Equal("14", (await learner.GetPageAsync("/account/reminders")).QuerySelector("select#PreferredHour option[selected]")!.GetAttribute("value"));
    }

    [Theory, DatabaseData]
    public async Task Notifications_list_the_persons_own_and_the_header_count_follows_reading_them(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, _) = await app.SignedInAdminAsync();
        var (account, _, learner) = await app.SignedInLearnerAsync(practice, 0);
        var (other, _, _) = await app.SignedInLearnerAsync(practice, 1);
        var now = app.Time.GetUtcNow().UtcDateTime;
        var ids = await app.WithDbAsync(async db =>
        {
            var mine = Enumerable.Range(1, 3).Select(i => new Notification
            {
                PracticeId = practice.PracticeId, UserId = account.UserId, Title = $"Reminder {i}", Body = "Annual in-service is due soon.", Link = "/learn", CreatedAt = now.AddMinutes(i),
            }).ToList();
            var theirs = new Notification { PracticeId = practice.PracticeId, UserId = other.UserId, Title = "Someone else's", Body = "Not yours.", Link = "/learn", CreatedAt = now };
            db.Notifications.AddRange(mine);
            db.Notifications.Add(theirs);
            await db.SaveChangesAsync();
            return (Mine: mine.Select(n => n.Id).ToList(), Theirs: theirs.Id);
        }, practice.PracticeId);

        var list = await learner.GetPageAsync("/notifications");
        Assert.Equal(["Reminder 3", "Reminder 2", "Reminder 1"], list.QuerySelectorAll("main h2 a").Select(a => a.TextContent.Trim()));
        Assert.DoesNotContain("Someone else's", list.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("3 unread", list.QuerySelector("#notifications-link")!.TextContent, StringComparison.Ordinal);

        LiveSessionTestSupport.AssertRedirect(await learner.PostFormAsync($"/notifications?handler=Read&id={ids.Mine[0]}", [], "/notifications"), "/notifications");
        Assert.Contains("2 unread", (await learner.GetPageAsync("/notifications")).QuerySelector("#notifications-link")!.TextContent, StringComparison.Ordinal);

        // Another person's notification reads as not found and stays unread.
        Assert.Equal(HttpStatusCode.NotFound, (await learner.PostFormAsync($"/notifications?handler=Read&id={ids.Theirs}", [], "/notifications")).StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Notifications.Where(n => n.Id == ids.Theirs).Select(n => n.ReadAt).SingleAsync(), practice.PracticeId));

        LiveSessionTestSupport.AssertRedirect(await learner.PostFormAsync("/notifications?handler=ReadAll", [], "/notifications"), "/notifications");
        Assert.Contains("none unread", (await learner.GetPageAsync("/notifications")).QuerySelector("#notifications-link")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.ReadAt == null), practice.PracticeId));
    }
}
