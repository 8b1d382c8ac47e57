using Beacon.Data;
using Beacon.Features.Learning;
using Beacon.Features.Requirements;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Tests.Requirements;

public sealed class StatusUpkeepTests
{
    private static Requirement Annual(Guid practiceId, DateOnly starts) => new()
    {
        PracticeId = practiceId,
        Name = "Annual in-service",
        CourseId = "ht-medical-practice",
        Frequency = Frequency.EveryMonths,
        Months = 12,
        NewHireDays = 30,
        StartsOn = starts,
    };

    private static Task<List<RequirementStatus>> StatusesAsync(BeaconApp app, Guid practiceId) =>
        app.WithDbAsync(db => db.RequirementStatuses.AsNoTracking().OrderBy(s => s.StaffMemberId).ToListAsync(), practiceId);

    [Theory, DatabaseData]
    public async Task Statuses_follow_requirements_completions_exemptions_and_roster_changes_in_the_same_save(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 3);
        var requirement = Annual(practice.PracticeId, new DateOnly(2026, 1, 1));

        await app.WithDbAsync(async db =>
        {
            db.Requirements.Add(requirement);
            await db.SaveChangesAsync();
        }, practice.PracticeId);

        var first = await StatusesAsync(app, practice.PracticeId);
        Assert.Equal(3, first.Count);
        Assert.All(first, s => Assert.Equal((true, new DateOnly(2026, 1, 31)), (s.Applies, s.DueOn!.Value)));

        // A completion moves that person's due date a year on.
        var person = practice.StaffIds[0];
        await app.WithDbAsync(async db =>
        {
            db.Completions.Add(new Completion
            {
                PracticeId = practice.PracticeId,
                StaffMemberId = person,
                CourseId = "ht-medical-practice",
                Version = "1.0.0",
                Track = "clinical",
                CompletedOn = new DateOnly(2026, 2, 20),
                CompletedAt = app.Time.GetUtcNow().UtcDateTime,
                CeHours = 1,
            });
            await db.SaveChangesAsync();
        }, practice.PracticeId);
        var afterCompletion = (await StatusesAsync(app, practice.PracticeId)).Single(s => s.StaffMemberId == person);
        Assert.Equal((new DateOnly(2027, 2, 20), new DateOnly(2026, 2, 20)), (afterCompletion.DueOn!.Value, afterCompletion.LastCompleted!.Value));

        // An exemption is stored with the status; a leaver no longer has the requirement.
        var exempt = practice.StaffIds[1];
        var leaver = practice.StaffIds[2];
        await app.WithDbAsync(async db =>
        {
            db.Exemptions.Add(new Exemption { PracticeId = practice.PracticeId, RequirementId = requirement.Id, StaffMemberId = exempt, From = new DateOnly(2026, 1, 1), Until = new DateOnly(2026, 6, 30), Reason = "parental leave", CreatedAt = app.Time.GetUtcNow().UtcDateTime });
            var gone = await db.StaffMembers.SingleAsync(s => s.Id == leaver);
            gone.Active = false;
            await db.SaveChangesAsync();
        }, practice.PracticeId);
        var statuses = await StatusesAsync(app, practice.PracticeId);
        Assert.Equal(new DateOnly(2026, 6, 30), statuses.Single(s => s.StaffMemberId == exempt).ExemptUntil);
        Assert.False(statuses.Single(s => s.StaffMemberId == leaver).Applies);

        // The roster history kept the leaver's earlier facts.
        var snapshots = await app.WithDbAsync(db => db.StaffSnapshots.AsNoTracking().Where(s => s.StaffMemberId == leaver).OrderBy(s => s.ValidFrom).ToListAsync(), practice.PracticeId);
        Assert.Equal([true, false], snapshots.Select(s => s.Active));
        Assert.NotNull(snapshots[0].ValidTo);
        Assert.Null(snapshots[1].ValidTo);
    }

    [Theory, DatabaseData]
    public async Task Scope_by_role_and_licence_decides_who_a_requirement_covers(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 4);
        await app.WithDbAsync(async db =>
        {
            var nurse = await db.StaffMembers.SingleAsync(s => s.Id == practice.StaffIds[0]);
            nurse.LicenceType = "RN";
            nurse.LicenceState = "FL";
            nurse.LicenceExpiry = new DateOnly(2027, 4, 30);
            await db.SaveChangesAsync();
            var requirement = Annual(practice.PracticeId, new DateOnly(2026, 1, 1));
            requirement.Frequency = Frequency.LicenceRenewal;
            requirement.Months = 24;
            requirement.LicenceTypes = "RN,LPN";
            requirement.LicenceStates = "FL";
            db.Requirements.Add(requirement);
            await db.SaveChangesAsync();
        }, practice.PracticeId);

        var statuses = await StatusesAsync(app, practice.PracticeId);

        var applies = statuses.Where(s => s.Applies).Select(s => s.StaffMemberId).ToList();
        Assert.Equal([practice.StaffIds[0]], applies);
        Assert.Equal(new DateOnly(2027, 4, 30), statuses.Single(s => s.Applies).DueOn);
    }
}
