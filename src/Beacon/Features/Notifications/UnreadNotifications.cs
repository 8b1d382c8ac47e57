using System.Security.Claims;
using Beacon.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Notifications;

/// <summary>The unread count shown in the header for the signed-in account.</summary>
public sealed class UnreadNotifications(BeaconDbContext db)
{
    public async Task<int> CountAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return 0;
        }
        // The tenant filter keeps this to the signed-in practice.
        return await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, cancellationToken);
    }

    /// <summary>"Notifications, 3 unread" for the header link's accessible name.</summary>
    public static string Label(int unread) => unread == 0 ? "Notifications, none unread" : $"Notifications, {unread} unread";
}
