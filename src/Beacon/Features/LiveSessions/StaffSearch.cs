using Beacon.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.LiveSessions;

/// <summary>An active person on the roster, as offered for marking present.</summary>
public sealed record StaffMatch(Guid Id, string Name, string JobRole, string? Site, string? EmployeeId);

/// <summary>Finds active staff not yet present at a session, by name, email or employee ID, for marking present by hand.</summary>
public static class StaffSearch
{
    public const int Limit = 20;

    public static async Task<IReadOnlyList<StaffMatch>> FindAsync(BeaconDbContext db, Guid sessionId, string? query, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }
        var term = query.Trim().ToLowerInvariant();
        // LOWER() in SQL on both databases; emails are stored lower-case already.
#pragma warning disable CA1304, CA1311, CA1862
        return await db.StaffMembers.AsNoTracking()
            .Where(s => s.Active && !db.Attendances.Any(a => a.SessionId == sessionId && a.StaffMemberId == s.Id))
            .Where(s => s.Email.Contains(term) ||
                (s.FirstName + " " + s.LastName).ToLower().Contains(term) ||
                (s.LastName + ", " + s.FirstName).ToLower().Contains(term) ||
                (s.EmployeeId != null && s.EmployeeId.ToLower().Contains(term)))
            .OrderBy(s => s.LastName).ThenBy(s => s.FirstName).ThenBy(s => s.Id)
            .Take(Limit)
            .Select(s => new StaffMatch(s.Id, s.FirstName + " " + s.LastName, s.JobRole, db.Sites.Where(x => x.Id == s.SiteId).Select(x => x.Name).FirstOrDefault(), s.EmployeeId))
            .ToListAsync(cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
    }
}
