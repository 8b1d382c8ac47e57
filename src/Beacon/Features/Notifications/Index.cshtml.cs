using System.Security.Claims;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Notifications;

/// <summary>The signed-in person's notifications, newest first, with mark-as-read one by one or all at once.</summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class IndexModel(BeaconDbContext db, TenantContext tenant, TimeProvider time) : PageModel
{
    public const int PageSize = 100;

    public IReadOnlyList<Row> Items { get; private set; } = [];
    public int Unread { get; private set; }
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;

    public sealed record Row(Guid Id, string Title, string Body, string Link, DateTime CreatedAt, bool Read);

    private Guid UserId => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Clock = await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken);
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == UserId);
        Unread = await mine.CountAsync(n => n.ReadAt == null, cancellationToken);
        Items = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(PageSize)
            .Select(n => new Row(n.Id, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt != null))
            .ToListAsync(cancellationToken);
    }

    public IActionResult OnPost() => BadRequest();

    public async Task<IActionResult> OnPostReadAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Only the person's own notification: another account's id changes nothing and reads as not found.
        var changed = await db.Notifications.Where(n => n.Id == id && n.UserId == UserId && n.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), cancellationToken);
        if (changed == 0 && !await db.Notifications.AnyAsync(n => n.Id == id && n.UserId == UserId, cancellationToken))
        {
            return NotFound();
        }
        TempData["Status"] = "Marked as read.";
        return Redirect("/notifications");
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var changed = await db.Notifications.Where(n => n.UserId == UserId && n.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), cancellationToken);
        TempData["Status"] = changed == 1 ? "1 notification marked as read." : $"{changed} notifications marked as read.";
        return Redirect("/notifications");
    }
}
