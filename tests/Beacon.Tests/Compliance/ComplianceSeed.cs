using Beacon.Features.Learning;
using Beacon.Features.Requirements;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Tests.Compliance;

public sealed record CompliancePractice(PracticeSeed Practice, Guid Annual, Guid NursesOnce, Guid SouthYearly)
{
    public Guid PracticeId => Practice.PracticeId;
    public Guid North => Practice.SiteIds[0];
    public Guid South => Practice.SiteIds[1];
}

/// <summary>
/// A practice with varied staff, requirements, completions and exemptions, so every state appears: up to date,
/// due soon, in the grace period, overdue, exempt (current, expired and future), leavers and roles not covered.
/// Today in the tests is 2026-03-02 in Chicago.
/// </summary>
public static class ComplianceSeed
{
    public static async Task<CompliancePractice> BuildAsync(BeaconApp app, int staff = 40, int seed = 7)
    {
        var practice = await app.CreatePracticeAsync(staff: staff);
        var now = app.Time.GetUtcNow().UtcDateTime;
        var annual = new Requirement
        {
            PracticeId = practice.PracticeId, Name = "Annual in-service", CourseId = "ht-medical-practice",
            Frequency = Frequency.EveryMonths, Months = 12, NewHireDays = 30, GraceDays = 14, DueSoonDays = 30,
            StartsOn = new DateOnly(2024, 6, 1), CreatedAt = now, UpdatedAt = now,
        };
        var nursesOnce = new Requirement
        {
            PracticeId = practice.PracticeId, Name = "Clinical orientation", CourseId = "ht-medical-practice", Track = Learners.ClinicalTrack,
            Frequency = Frequency.Once, NewHireDays = 30, DueSoonDays = 30, Roles = "registered-nurse,physician",
            StartsOn = new DateOnly(2026, 2, 15), CreatedAt = now, UpdatedAt = now,
        };
        var southYearly = new Requirement
        {
            PracticeId = practice.PracticeId, Name = "South yearly refresher", CourseId = "ht-medical-practice",
            Frequency = Frequency.YearlyByDate, FixedMonth = 3, FixedDay = 1, NewHireDays = 30, DueSoonDays = 45,
            Sites = practice.SiteIds[1].ToString(), StartsOn = new DateOnly(2025, 1, 1), CreatedAt = now, UpdatedAt = now,
        };

        await app.WithDbAsync(async db =>
        {
            var people = await db.StaffMembers.Where(s => s.PracticeId == practice.PracticeId).ToListAsync();
            var index = 0;
            foreach (var person in people.OrderBy(p => p.EmployeeId))
            {
                index++;
                if (index % 5 == 0)
                {
                    person.JobRole = "physician";
                }
                else if (index % 7 == 0)
                {
                    person.JobRole = "billing";
                }
                if (index % 13 == 0)
                {
                    person.Active = false;
                    person.DeactivatedAt = now;
                }
                if (index % 6 == 0)
                {
                    person.HireDate = new DateOnly(2026, 2, 1).AddDays(index % 20);
                }
            }
            db.Requirements.AddRange(annual, nursesOnce, southYearly);
            await db.SaveChangesAsync();
        }, practice.PracticeId);

        await app.WithDbAsync(async db =>
        {
            var random = new Random(seed);
            var people = await db.StaffMembers.AsNoTracking().Where(s => s.PracticeId == practice.PracticeId).OrderBy(p => p.EmployeeId).ToListAsync();
            var first = new DateOnly(2024, 9, 1);
            foreach (var person in people)
            {
                var count = random.Next(0, 3);
                for (var i = 0; i < count; i++)
                {
                    var day = first.AddDays(random.Next(0, 548));
                    db.Completions.Add(new Completion
                    {
                        PracticeId = practice.PracticeId,
                        StaffMemberId = person.Id,
                        CourseId = "ht-medical-practice",
                        Version = "1.0.0",
                        Track = random.Next(4) == 0 ? Learners.ClinicalTrack : Learners.TrackFor(person.JobRole),
                        CompletedOn = day,
                        CompletedAt = now,
                        CeHours = 1,
                    });
                }
            }
            Exemption Exempt(int person, Guid requirement, DateOnly from, DateOnly? until) => new()
            {
                PracticeId = practice.PracticeId, StaffMemberId = people[person % people.Count].Id, RequirementId = requirement,
                From = from, Until = until, Reason = "medical leave", CreatedAt = now,
            };
            db.Exemptions.AddRange(
                Exempt(2, annual.Id, new DateOnly(2026, 1, 1), null),
                Exempt(3, annual.Id, new DateOnly(2025, 6, 1), new DateOnly(2026, 2, 1)),
                Exempt(4, nursesOnce.Id, new DateOnly(2026, 4, 1), null),
                Exempt(5, southYearly.Id, new DateOnly(2026, 2, 1), new DateOnly(2026, 12, 31)),
                Exempt(9, southYearly.Id, new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 2)));
            await db.SaveChangesAsync();
        }, practice.PracticeId);

        return new CompliancePractice(practice, annual.Id, nursesOnce.Id, southYearly.Id);
    }
}
