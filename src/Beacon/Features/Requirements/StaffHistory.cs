using Beacon.Data;
using Beacon.Features.Roster;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Requirements;

/// <summary>
/// Keeps <see cref="StaffSnapshot"/> rows in step with the roster: whenever a person is added, or a fact
/// that decides their requirements changes (role, site, hire date, licence, active) or their name, the open snapshot is
/// closed and a new one opened, in the same save. Point-in-time reports read these.
/// </summary>
internal static class StaffHistory
{
    private static readonly string[] Tracked =
    [
        nameof(StaffMember.JobRole), nameof(StaffMember.SiteId), nameof(StaffMember.HireDate), nameof(StaffMember.LicenceType),
        nameof(StaffMember.LicenceState), nameof(StaffMember.LicenceExpiry), nameof(StaffMember.Active),
        nameof(StaffMember.FirstName), nameof(StaffMember.LastName),
    ];

    /// <summary>People added, or whose requirement-relevant facts changed, in this save.</summary>
    public static List<StaffMember> Changed(BeaconDbContext db) =>
        [.. db.ChangeTracker.Entries<StaffMember>()
            .Where(e => e.State == EntityState.Added ||
                        (e.State == EntityState.Modified && Tracked.Any(p => e.Property(p).IsModified && !Equals(e.Property(p).OriginalValue, e.Property(p).CurrentValue))))
            .Select(e => e.Entity)];

    public static async Task RecordAsync(BeaconDbContext db, List<StaffMember> changed, TimeProvider time, CancellationToken cancellationToken)
    {
        if (changed.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var modified = changed.Where(p => db.Entry(p).State == EntityState.Modified).Select(p => p.Id).ToList();
        foreach (var chunk in modified.Chunk(500))
        {
            await db.StaffSnapshots.IgnoreQueryFilters()
                .Where(s => chunk.Contains(s.StaffMemberId) && s.ValidTo == null)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.ValidTo, now), cancellationToken);
        }
        foreach (var person in changed)
        {
            db.StaffSnapshots.Add(new StaffSnapshot
            {
                PracticeId = person.PracticeId,
                StaffMemberId = person.Id,
                ValidFrom = now,
                FirstName = person.FirstName,
                LastName = person.LastName,
                JobRole = person.JobRole,
                SiteId = person.SiteId,
                HireDate = person.HireDate,
                LicenceType = person.LicenceType,
                LicenceState = person.LicenceState,
                LicenceExpiry = person.LicenceExpiry,
                Active = person.Active,
            });
        }
    }

    /// <summary>Closes the open version of each added or changed requirement and opens one with its new definition.</summary>
    public static async Task RecordRequirementsAsync(BeaconDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var changed = db.ChangeTracker.Entries<Requirement>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified)
            .Select(e => e.Entity)
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var ids = changed.Select(r => r.Id).ToList();
        await db.RequirementVersions.IgnoreQueryFilters()
            .Where(v => ids.Contains(v.RequirementId) && v.ValidTo == null)
            .ExecuteUpdateAsync(set => set.SetProperty(v => v.ValidTo, now), cancellationToken);
        foreach (var requirement in changed)
        {
            db.RequirementVersions.Add(new RequirementVersion
            {
                PracticeId = requirement.PracticeId,
                RequirementId = requirement.Id,
                ValidFrom = now,
                Definition = System.Text.Json.JsonSerializer.Serialize(new
                {
                    requirement.Name, requirement.CourseId, requirement.Track, requirement.Frequency, requirement.Months,
                    requirement.FixedMonth, requirement.FixedDay, requirement.NewHireDays, requirement.GraceDays, requirement.EarlyDays,
                    requirement.DueSoonDays, requirement.StartsOn, requirement.Roles, requirement.Sites, requirement.LicenceTypes,
                    requirement.LicenceStates, requirement.MandateId, requirement.MandateReading, requirement.Active,
                }),
            });
        }
    }
}
