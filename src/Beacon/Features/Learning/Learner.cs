using Beacon.Data;
using Beacon.Features.Audit;
using Beacon.Features.Roster;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Learning;

/// <summary>The signed-in person as a learner: their roster record and the track their role takes.</summary>
public sealed record LearnerProfile(Guid StaffMemberId, string Name, string JobRole, string DefaultTrack);

public sealed class Learners(BeaconDbContext db, AuditActor actor)
{
    public const string ClinicalTrack = "clinical";
    public const string NonClinicalTrack = "non-clinical";

    /// <summary>Null when the account is not linked to an active roster record (training is tracked per roster record).</summary>
    public async Task<LearnerProfile?> CurrentAsync(CancellationToken cancellationToken)
    {
        var staffId = await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.StaffMemberId).FirstOrDefaultAsync(cancellationToken);
        if (staffId is null)
        {
            return null;
        }
        var person = await db.StaffMembers.AsNoTracking()
            .Where(s => s.Id == staffId && s.Active)
            .Select(s => new { s.Id, s.FirstName, s.LastName, s.JobRole })
            .FirstOrDefaultAsync(cancellationToken);
        return person is null ? null : new LearnerProfile(person.Id, $"{person.FirstName} {person.LastName}", person.JobRole, TrackFor(person.JobRole));
    }

    /// <summary>Clinical roles take the full course; front desk, billing and other non-clinical roles the shorter track.</summary>
    public static string TrackFor(string jobRole) => JobRoles.Find(jobRole)?.Clinical == false ? NonClinicalTrack : ClinicalTrack;
}
