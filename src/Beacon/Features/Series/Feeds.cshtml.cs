using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Operations;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Series;

/// <summary>
/// Private calendar subscriptions: a learner's own bookings, and (instructors and administrators) every
/// session of the practice's series. The address is shown once, when made; making a new one revokes the old.
/// </summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class FeedsModel(BeaconDbContext db, TenantContext tenant, AuditActor actor, TimeProvider time, IOptions<SecurityOptions> security) : PageModel
{
    public sealed record Feed(CalendarFeedKind Kind, DateTime CreatedAt);

    public IReadOnlyList<Feed> Active { get; private set; } = [];
    public bool Linked { get; private set; }
    public bool MayHavePracticeFeed { get; private set; }
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;

    /// <summary>Set right after a feed is made: its address, shown this once.</summary>
    public string? NewAddress { get; private set; }
    public CalendarFeedKind? NewKind { get; private set; }
    public string? Status { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CalendarFeedKind kind, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!Enum.IsDefined(kind) || (kind == CalendarFeedKind.Personal && !Linked) || (kind == CalendarFeedKind.Practice && !MayHavePracticeFeed))
        {
            return Forbid();
        }
        var now = time.GetUtcNow().UtcDateTime;
        await RevokeAsync(kind, now, cancellationToken);
        var token = FeedTokens.NewToken();
        var staffId = kind == CalendarFeedKind.Personal ? await StaffIdAsync(cancellationToken) : null;
        db.CalendarFeeds.Add(new CalendarFeed
        {
            PracticeId = tenant.PracticeId,
            Kind = kind,
            StaffMemberId = staffId,
            OwnerUserId = actor.UserId!.Value,
            TokenHash = FeedTokens.Hash(token),
            CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await LoadAsync(cancellationToken);
        NewKind = kind;
        NewAddress = $"{security.Value.PublicBaseUrl.TrimEnd('/')}/calendar/{token}.ics";
        // The address is a secret: the page that shows it is not kept in any cache.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(CalendarFeedKind kind, CancellationToken cancellationToken)
    {
        var revoked = await RevokeAsync(kind, time.GetUtcNow().UtcDateTime, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await LoadAsync(cancellationToken);
        Status = revoked > 0 ? "The feed is turned off. Calendars subscribed to its address no longer update." : "There was no feed to turn off.";
        return Page();
    }

    private async Task<int> RevokeAsync(CalendarFeedKind kind, DateTime now, CancellationToken cancellationToken)
    {
        var userId = actor.UserId;
        var feeds = await db.CalendarFeeds.Where(f => f.OwnerUserId == userId && f.Kind == kind && f.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var feed in feeds)
        {
            feed.RevokedAt = now;
        }
        return feeds.Count;
    }

    private async Task<Guid?> StaffIdAsync(CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == actor.UserId && u.PracticeId == tenant.PracticeId).Select(u => u.StaffMemberId).FirstOrDefaultAsync(cancellationToken);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Clock = await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken);
        Linked = await StaffIdAsync(cancellationToken) is not null;
        MayHavePracticeFeed = User.IsInRole(Roles.Instructor) || User.IsInRole(Roles.PracticeAdmin);
        var userId = actor.UserId;
        Active = await db.CalendarFeeds.AsNoTracking()
            .Where(f => f.OwnerUserId == userId && f.RevokedAt == null)
            .OrderBy(f => f.Kind)
            .Select(f => new Feed(f.Kind, f.CreatedAt))
            .ToListAsync(cancellationToken);
    }
}
