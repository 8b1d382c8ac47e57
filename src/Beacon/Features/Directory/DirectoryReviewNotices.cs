using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.ReferralDirectory;

/// <summary>
/// Tells each practice's administrators, once per entry and review date, in the app, that a referral
/// partner's details are past their review date. The date noticed is stored on the entry, so a repeated or
/// recovered run tells nobody twice; a new review date (the entry was checked again) can be noticed again.
/// </summary>
public sealed class DirectoryReviewNotices(BeaconDbContext db, TenantContext tenant)
{
    public const string WorkName = "directory-review";

    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        tenant.ActAsSystem();
        // Every practice's "today" in its own zone: an entry is overdue the day after its review date there.
        var practices = await db.Practices.AsNoTracking().Select(p => new { p.Id, p.TimeZoneId }).ToListAsync(cancellationToken);
        var adminRole = await db.Roles.Where(r => r.Name == Roles.PracticeAdmin).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var told = 0;
        foreach (var practice in practices)
        {
            var zone = TimeZoneInfo.TryFindSystemTimeZoneById(practice.TimeZoneId, out var z) ? z : TimeZoneInfo.Utc;
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
            var due = await db.DirectoryEntries.IgnoreQueryFilters()
                .Where(e => e.PracticeId == practice.Id && e.Active && e.NextReview < today && (e.ReviewNoticeFor == null || e.ReviewNoticeFor != e.NextReview))
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                continue;
            }
            var admins = await db.Users.AsNoTracking()
                .Where(u => u.PracticeId == practice.Id && !u.Disabled && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRole))
                .Select(u => u.Id)
                .ToListAsync(cancellationToken);
            foreach (var entry in due)
            {
                entry.ReviewNoticeFor = entry.NextReview;
                foreach (var admin in admins)
                {
                    db.Notifications.Add(new Notification
                    {
                        PracticeId = practice.Id,
                        UserId = admin,
                        Title = "A referral partner is due for review",
                        Body = $"{entry.Name}: its details were due to be checked again on {entry.NextReview:yyyy-MM-dd}. Call the partner, confirm them, and update the entry.",
                        Link = $"/practice/directory/{entry.Id}/edit",
                        CreatedAt = now.UtcDateTime,
                    });
                    told++;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        return told;
    }
}
