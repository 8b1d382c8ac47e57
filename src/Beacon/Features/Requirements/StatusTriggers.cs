using Beacon.Data;
using Beacon.Features.Learning;
using Beacon.Features.Roster;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Requirements;

/// <summary>The people and requirements of each practice whose statuses a save changes.</summary>
public sealed record AffectedStatuses(Guid PracticeId, HashSet<Guid> StaffIds, HashSet<Guid> RequirementIds);

/// <summary>
/// Reads a save's tracked changes for anything a requirement status depends on: roster facts, completions,
/// exemptions and the requirements themselves.
/// </summary>
internal static class StatusTriggers
{
    public static List<AffectedStatuses> Collect(BeaconDbContext db)
    {
        var byPractice = new Dictionary<Guid, AffectedStatuses>();
        AffectedStatuses For(Guid practiceId) =>
            byPractice.TryGetValue(practiceId, out var found) ? found : byPractice[practiceId] = new AffectedStatuses(practiceId, [], []);

        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }
            switch (entry.Entity)
            {
                case StaffMember person:
                    For(person.PracticeId).StaffIds.Add(person.Id);
                    break;
                case Completion completion:
                    For(completion.PracticeId).StaffIds.Add(completion.StaffMemberId);
                    break;
                case Exemption exemption:
                    For(exemption.PracticeId).StaffIds.Add(exemption.StaffMemberId);
                    break;
                case Requirement requirement:
                    For(requirement.PracticeId).RequirementIds.Add(requirement.Id);
                    break;
                default:
                    break;
            }
        }
        return [.. byPractice.Values];
    }
}
