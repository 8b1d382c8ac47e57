using System.Diagnostics;
using System.Globalization;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Learning;
using Beacon.Features.Reminders;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Tests.Reminders;

/// <summary>
/// The reminder scan driven by a fake clock for 400 days, for practices in five US time zones (two without
/// daylight saving) across three DST changes, with completions during the run. The expected reminders are
/// worked out here by walking each person's days in plain C#, apart from the scan's SQL.
/// </summary>
public sealed class ReminderSimulationTests(ITestOutputHelper output)
{
    // Two practices share New York (with different grace days), so one scan statement serves both of them and
    // each must still get exactly its own reminders.
    private static readonly string[] Zones = ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/New_York"];
    private static readonly int[] Rungs = [30, 14, 7, 1];
    private const int Earliest = 8;
    private const int Latest = 12;
    private const int ManagerAfter = 14;
    private const int AdminAfter = 30;

    // Before every practice's sending hours in all five zones (02:00–05:00 local).
    private static readonly DateTimeOffset Start = new(2026, 3, 3, 10, 0, 0, TimeSpan.Zero);

    private sealed record Person(Guid Id, string Email, Guid? ManagerId, DateOnly FirstDue, List<(DateTimeOffset At, DateOnly CompletedOn)> Completions);

    private sealed record SimPractice(Guid Id, TimeZoneInfo Zone, Guid RequirementId, int Grace, List<Person> People, Guid AdminUserId, Guid LinkedUserId, Guid LinkedStaffId);

    private sealed record Key(Guid Person, Guid Requirement, DateOnly Cycle, string Kind);

    [Theory, DatabaseData]
    public async Task Four_hundred_days_in_five_time_zones_produce_every_expected_reminder_exactly_once(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        app.Time.SetUtcNow(Start);
        var practices = new List<SimPractice>();
        for (var p = 0; p < Zones.Length; p++)
        {
            practices.Add(await ArrangeAsync(app, p));
        }
        var events = practices.SelectMany(pr => pr.People.SelectMany(person => person.Completions.Select(c => (pr, person, c)))).OrderBy(e => e.c.At).ToList();

        const int days = 400;
        var end = Start.AddDays(days);
        var watch = Stopwatch.StartNew();
        var runs = 0;
        var next = 0;
        // Hourly (every 15 minutes makes the same ledger; the concurrency test below runs that way).
        for (var now = Start; now < end; now = now.AddHours(1))
        {
            while (next < events.Count && events[next].c.At <= now)
            {
                var (pr, person, completion) = events[next++];
                app.Time.SetUtcNow(completion.At);
                await CompleteAsync(app, pr, person, completion.CompletedOn);
            }
            app.Time.SetUtcNow(now);
            await ScanAsync(app, now);
            runs++;
        }
        watch.Stop();
        output.WriteLine($"{provider}: {runs} hourly scans over {days} days in {watch.Elapsed.TotalSeconds:F1} s");

        foreach (var practice in practices)
        {
            var expected = Expected(practice, Start, days);
            var actual = await app.WithDbAsync(db => db.ReminderLedger.IgnoreQueryFilters().AsNoTracking().Where(l => l.PracticeId == practice.Id).ToListAsync());
            var actualKeys = actual.Select(l => new Key(l.PersonId, l.RequirementId, l.Cycle, l.Kind)).ToList();
            var missing = expected.Except(actualKeys).ToList();
            var unexpected = actualKeys.Except(expected).ToList();
            Assert.True(missing.Count == 0 && unexpected.Count == 0,
                $"{practice.Zone.Id}: missing {string.Join("; ", missing.Take(10))}; unexpected {string.Join("; ", unexpected.Take(10))}");
            Assert.Equal(actualKeys.Count, actualKeys.Distinct().Count());
            Assert.Contains(actualKeys, k => k.Kind.StartsWith("overdue-week-", StringComparison.Ordinal));
            Assert.Contains(actualKeys, k => k.Kind == Kinds.EscalateManager);
            Assert.Contains(actualKeys, k => k.Kind == Kinds.EscalateAdmin);

            // Every reminder went into an email; at most one reminder email a day for each learner.
            Assert.All(actual, l => Assert.NotNull(l.FoldedOn));
            var messages = await app.WithDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().AsNoTracking().Where(m => m.PracticeId == practice.Id && m.Kind == "reminder").ToListAsync());
            var perDay = messages.GroupBy(m => (m.ToAddress, DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(m.CreatedAt, practice.Zone)))).ToList();
            Assert.All(perDay, g => Assert.Single(g));
            var byId = messages.ToDictionary(m => m.Id);
            foreach (var row in actual.Where(l => l.Audience == ReminderAudience.Learner))
            {
                var message = byId[row.OutboxMessageId!.Value];
                Assert.Equal(practice.People.Single(p => p.Id == row.PersonId).Email, message.ToAddress);
                Assert.Contains(row.Cycle.ToString("MMM d, yyyy", CultureInfo.GetCultureInfo("en-US")), message.TextBody, StringComparison.Ordinal);
                // Emails are sent during the practice's sending hours.
                var hour = TimeZoneInfo.ConvertTimeFromUtc(message.CreatedAt, practice.Zone).Hour;
                Assert.InRange(hour, Earliest, Latest - 1);
            }
            var oversight = await app.WithDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().AsNoTracking().Where(m => m.PracticeId == practice.Id && m.Kind == "reminder-oversight").ToListAsync());
            Assert.All(oversight.GroupBy(m => (m.ToAddress, DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(m.CreatedAt, practice.Zone)))), g => Assert.Single(g));

            // The linked learner's notifications match their emails one for one.
            var linkedEmail = practice.People.Single(p => p.Id == practice.LinkedStaffId).Email;
            var notifications = await app.WithDbAsync(db => db.Notifications.IgnoreQueryFilters().AsNoTracking().CountAsync(n => n.UserId == practice.LinkedUserId));
            Assert.Equal(messages.Count(m => m.ToAddress == linkedEmail), notifications);
            Assert.True(notifications > 0);
        }

        // A second pass over the last day changes nothing.
        var before = await app.WithDbAsync(db => db.ReminderLedger.IgnoreQueryFilters().CountAsync());
        for (var now = end.AddDays(-1); now < end; now = now.AddHours(1))
        {
            await ScanAsync(app, now);
        }
        Assert.Equal(before, await app.WithDbAsync(db => db.ReminderLedger.IgnoreQueryFilters().CountAsync()));
    }

    [Theory, DatabaseData]
    public async Task Scans_every_15_minutes_on_two_nodes_at_once_produce_each_reminder_and_email_once(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        app.Time.SetUtcNow(Start);
        var practices = new List<SimPractice>();
        for (var p = 0; p < 2; p++)
        {
            practices.Add(await ArrangeAsync(app, p, completions: false));
        }
        const int days = 10;
        for (var now = Start; now < Start.AddDays(days); now = now.AddMinutes(15))
        {
            app.Time.SetUtcNow(now);
            // Two "nodes" (separate scopes and connections) run the same interval's scan together.
            await Task.WhenAll(ScanAsync(app, now), ScanAsync(app, now));
        }
        foreach (var practice in practices)
        {
            var expected = Expected(practice, Start, days);
            var actual = await app.WithDbAsync(db => db.ReminderLedger.IgnoreQueryFilters().AsNoTracking().Where(l => l.PracticeId == practice.Id)
                .Select(l => new { l.PersonId, l.RequirementId, l.Cycle, l.Kind }).ToListAsync());
            Assert.Equal(expected.OrderBy(k => k.ToString()), actual.Select(l => new Key(l.PersonId, l.RequirementId, l.Cycle, l.Kind)).OrderBy(k => k.ToString()));
            var mailDays = await app.WithDbAsync(db => db.ReminderMailDays.IgnoreQueryFilters().AsNoTracking().Where(d => d.PracticeId == practice.Id).CountAsync());
            var messages = await app.WithDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().AsNoTracking().Where(m => m.PracticeId == practice.Id && m.Kind.StartsWith("reminder")).CountAsync());
            Assert.Equal(mailDays, messages);
            Assert.True(messages > 0);
        }
    }

    private static async Task ScanAsync(BeaconApp app, DateTimeOffset now)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReminderScan>().RunAsync(now, CancellationToken.None);
    }

    private static async Task<SimPractice> ArrangeAsync(BeaconApp app, int index, bool completions = true)
    {
        var seed = await app.CreatePracticeAsync(staff: 4);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Zones[index]);
        var grace = index % 2 == 0 ? 0 : 3;
        var startDay = DateOnly.FromDateTime(Start.UtcDateTime);
        var admin = await app.CreateAccountAsync(seed.PracticeId, Roles.PracticeAdmin);
        var learner = await app.CreateAccountAsync(seed.PracticeId, Roles.Learner);
        // Hire dates that put first due dates before, around and after the start; a few days apart per practice.
        DateOnly[] hires = [new(2025, 6, 1), startDay.AddDays(-11 + index * 3), startDay.AddDays(7 + index), startDay.AddDays(-36 + index * 2)];
        var requirementId = Guid.Empty;
        var people = new List<Person>();
        await app.WithDbAsync(async db =>
        {
            var practice = await db.Practices.SingleAsync(p => p.Id == seed.PracticeId);
            practice.TimeZoneId = zone.Id;
            db.ReminderSettings.Add(new ReminderSettings { PracticeId = seed.PracticeId, EarliestHour = Earliest, LatestHour = Latest, ManagerAfterDays = ManagerAfter, AdminAfterDays = AdminAfter, DigestDay = DayOfWeek.Monday });
            var staff = await db.StaffMembers.Where(s => s.PracticeId == seed.PracticeId).OrderBy(s => s.EmployeeId).ToListAsync();
            for (var i = 0; i < staff.Count; i++)
            {
                staff[i].HireDate = hires[i];
                staff[i].ManagerId = i == 0 ? null : staff[0].Id;
            }
            var user = await db.Users.SingleAsync(u => u.Id == learner.UserId);
            user.StaffMemberId = staff[1].Id;
            db.ReminderPreferences.Add(new ReminderPreference { PracticeId = seed.PracticeId, StaffMemberId = staff[2].Id, PreferredHour = 10 });
            db.ReminderPreferences.Add(new ReminderPreference { PracticeId = seed.PracticeId, StaffMemberId = staff[3].Id, PreferredHour = Latest - 1 });
            await db.SaveChangesAsync();
            var requirement = TestData.YearlyInService(seed.PracticeId, new DateOnly(2026, 1, 1), graceDays: grace);
            db.Requirements.Add(requirement);
            await db.SaveChangesAsync();
            requirementId = requirement.Id;
            // Completions at 03:00 UTC: the evening before in every zone, outside the sending hours.
            int[][] completionDays = completions ? [[60], [10, 380], [], [200]] : [[], [], [], []];
            for (var i = 0; i < staff.Count; i++)
            {
                var list = completionDays[i].Select(d =>
                {
                    var at = new DateTimeOffset(startDay.AddDays(d + index).ToDateTime(new TimeOnly(3, 0)), TimeSpan.Zero);
                    return (at, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime));
                }).ToList();
                var from = hires[i] > requirement.StartsOn ? hires[i] : requirement.StartsOn;
                people.Add(new Person(staff[i].Id, staff[i].Email, staff[i].ManagerId, from.AddDays(30), list));
            }
        }, seed.PracticeId);
        return new SimPractice(seed.PracticeId, zone, requirementId, grace, people, admin.UserId, learner.UserId, people[1].Id);
    }

    private static Task CompleteAsync(BeaconApp app, SimPractice practice, Person person, DateOnly completedOn) =>
        app.WithDbAsync(async db =>
        {
            db.Completions.Add(new Completion
            {
                PracticeId = practice.Id,
                StaffMemberId = person.Id,
                CourseId = "ht-medical-practice",
                Version = "1.0.0",
                Track = "clinical",
                CompletedOn = completedOn,
                CompletedAt = app.Time.GetUtcNow().UtcDateTime,
                CeHours = 1,
            });
            await db.SaveChangesAsync();
        }, practice.Id);

    /// <summary>The walk: each practice day, each person's cycle as of that morning, the rung that day falls on.</summary>
    private static HashSet<Key> Expected(SimPractice practice, DateTimeOffset start, int days)
    {
        var expected = new HashSet<Key>();
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, practice.Zone).DateTime);
        for (var day = firstDay; day < firstDay.AddDays(days); day = day.AddDays(1))
        {
            // The sending hours of this day, as an instant (completions happen outside them).
            var windowStart = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(Earliest, 0)), practice.Zone), TimeSpan.Zero);
            if (windowStart < start || windowStart >= start.AddDays(days))
            {
                continue;
            }
            foreach (var person in practice.People)
            {
                var due = person.FirstDue;
                foreach (var completion in person.Completions.Where(c => c.At < windowStart))
                {
                    var next = completion.CompletedOn.AddMonths(12);
                    if (next >= due)
                    {
                        due = next;
                    }
                }
                var overdueAfter = due.AddDays(practice.Grace);
                var untilDue = due.DayNumber - day.DayNumber;
                if (untilDue >= 0 && untilDue <= Rungs[0])
                {
                    var rung = Rungs.Where(r => untilDue <= r).Min();
                    expected.Add(new Key(person.Id, practice.RequirementId, due, "before-" + rung));
                }
                var overdueDays = day.DayNumber - overdueAfter.DayNumber;
                if (overdueDays >= 1)
                {
                    expected.Add(new Key(person.Id, practice.RequirementId, due, overdueDays < 8 ? "after-1" : "overdue-week-" + ((overdueDays - 1) / 7)));
                }
                if (overdueDays >= ManagerAfter && person.ManagerId is not null)
                {
                    expected.Add(new Key(person.Id, practice.RequirementId, due, "escalate-manager"));
                }
                if (overdueDays >= AdminAfter)
                {
                    expected.Add(new Key(person.Id, practice.RequirementId, due, "escalate-admin"));
                }
            }
            if (day.DayOfWeek == DayOfWeek.Monday)
            {
                var date = day.ToDateTime(TimeOnly.MinValue);
                expected.Add(new Key(practice.AdminUserId, Guid.Empty, day, $"digest-{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):D2}"));
            }
        }
        return expected;
    }
}
