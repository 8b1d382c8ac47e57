using Beacon.Data;
using Beacon.Features.Reminders;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Tests.Reminders;

/// <summary>
/// The scan serves practices that share a ladder, a day and an hour limit with one statement per kind; practices
/// with another ladder in the same zone get their own. Rows left waiting by a crash between the scan step and the
/// folding step are folded by the next scan.
/// </summary>
public sealed class ReminderGroupingTests
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    [Theory, DatabaseData]
    public async Task Practices_in_one_zone_get_the_rungs_of_their_own_ladder_and_waiting_rows_are_folded_by_the_next_scan(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        // 10 AM in Chicago the next day: inside the default sending hours of every practice.
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), Chicago).DateTime).AddDays(1);
        var scanAt = At(day, 10);
        var standardA = await ArrangeAsync(app, day, beforeDays: null);
        var standardB = await ArrangeAsync(app, day, beforeDays: null);
        var custom = await ArrangeAsync(app, day, beforeDays: "10, 3");

        app.Time.SetUtcNow(scanAt);
        var result = await ScanAsync(app, scanAt);
        Assert.Equal((3, 3, 3), (result.PracticesScanned, result.LedgerRowsAdded, result.EmailsQueued));

        // Due in 10 days: the default ladder's 14-day rung, the custom ladder's 10-day rung; each practice only its own person.
        Assert.Equal([(standardA.StaffId, "before-14")], await LedgerAsync(app, standardA.PracticeId));
        Assert.Equal([(standardB.StaffId, "before-14")], await LedgerAsync(app, standardB.PracticeId));
        Assert.Equal([(custom.StaffId, "before-10")], await LedgerAsync(app, custom.PracticeId));

        // A row the scan step committed before a crash, never folded: the next scan (the next day) folds it into an email.
        var nextDay = At(day.AddDays(1), 10);
        app.Time.SetUtcNow(nextDay);
        await app.WithDbAsync(async db =>
        {
            db.ReminderLedger.Add(new ReminderLedgerEntry
            {
                PracticeId = custom.PracticeId, PersonId = custom.StaffId, RequirementId = custom.RequirementId, Cycle = day.AddDays(10),
                Kind = "before-3", Audience = ReminderAudience.Learner, LocalDay = day, CreatedAt = scanAt.UtcDateTime,
            });
            await db.SaveChangesAsync();
        }, custom.PracticeId);
        var next = await ScanAsync(app, nextDay);
        Assert.Equal((0, 1), (next.LedgerRowsAdded, next.EmailsQueued));
        var folded = await app.WithDbAsync(db => db.ReminderLedger.AsNoTracking().SingleAsync(l => l.Kind == "before-3"), custom.PracticeId);
        Assert.Equal(day.AddDays(1), folded.FoldedOn);
        var message = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == folded.OutboxMessageId), custom.PracticeId);
        Assert.Equal("Training reminder: 1 in-service needs your attention", message.Subject);
    }

    private static DateTimeOffset At(DateOnly day, int hour) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, 0)), Chicago));

    private sealed record Arranged(Guid PracticeId, Guid StaffId, Guid RequirementId);

    /// <summary>A Chicago practice with one person due 10 days after <paramref name="day"/>, on the default ladder or the given rungs.</summary>
    private static async Task<Arranged> ArrangeAsync(BeaconApp app, DateOnly day, string? beforeDays)
    {
        var seed = await app.CreatePracticeAsync(staff: 1);
        var requirementId = await app.WithDbAsync(async db =>
        {
            var staff = await db.StaffMembers.SingleAsync(s => s.Id == seed.StaffIds[0]);
            staff.HireDate = day.AddDays(-20);
            if (beforeDays is not null)
            {
                db.ReminderSettings.Add(new ReminderSettings { PracticeId = seed.PracticeId, BeforeDays = beforeDays });
            }
            var requirement = TestData.YearlyInService(seed.PracticeId, day.AddYears(-1));
            db.Requirements.Add(requirement);
            await db.SaveChangesAsync();
            return requirement.Id;
        }, seed.PracticeId);
        return new Arranged(seed.PracticeId, seed.StaffIds[0], requirementId);
    }

    private static async Task<ReminderScanResult> ScanAsync(BeaconApp app, DateTimeOffset now)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderScan>().RunAsync(now, CancellationToken.None);
    }

    private static Task<List<(Guid, string)>> LedgerAsync(BeaconApp app, Guid practiceId) =>
        app.WithDbAsync(async db => (await db.ReminderLedger.AsNoTracking().OrderBy(l => l.Kind).Select(l => new { l.PersonId, l.Kind }).ToListAsync())
            .Select(l => (l.PersonId, l.Kind)).ToList(), practiceId);
}
