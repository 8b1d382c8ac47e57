using Beacon.Data;
using Beacon.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Roster;

/// <summary>
/// A person who leaves the roster loses sign-in at the same moment: their linked accounts are disabled
/// and every open session ends. Reactivating the roster record does not give access back by itself; an
/// administrator enables the account again on the People page.
/// </summary>
public static class LeaverAccess
{
    public static async Task<int> EndAsync(BeaconDbContext db, AuditLog audit, Guid practiceId, IEnumerable<Guid> staffIds, DateTime now, CancellationToken cancellationToken)
    {
        var disabled = 0;
        foreach (var chunk in staffIds.Distinct().Chunk(500))
        {
            var accounts = await db.Users
                .Where(u => u.PracticeId == practiceId && u.StaffMemberId != null && chunk.Contains(u.StaffMemberId.Value) && !u.Disabled)
                .Select(u => u.Id)
                .ToListAsync(cancellationToken);
            if (accounts.Count == 0)
            {
                continue;
            }
            await db.Users.Where(u => accounts.Contains(u.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.Disabled, true), cancellationToken);
            await db.UserSessions.Where(s => accounts.Contains(s.UserId) && s.EndedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, "left-roster"), cancellationToken);
            foreach (var account in accounts)
            {
                audit.Record(practiceId, "account.disabled", "account", account.ToString(), new { reason = "roster record deactivated" });
            }
            disabled += accounts.Count;
        }
        return disabled;
    }
}
