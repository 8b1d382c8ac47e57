using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Series;

/// <summary>
/// Invites the staff who need the series' course: anyone whose requirement status for that course is due soon,
/// overdue or never done (and not exempt). The list is shown first; sending emails each an invitation (.ics).
/// People already invited, booked or wait-listed are not invited again.
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class InviteModel(BeaconDbContext db, TenantContext tenant, AuditLog audit, SeriesService series, TimeProvider time) : OccurrencePageModel(db, tenant, time)
{
    public sealed record Person(Guid StaffMemberId, string Name, string Email, string Why);

    public IReadOnlyList<Person> People { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(track: false, cancellationToken))
        {
            return NotFound();
        }
        People = await DueAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(track: false, cancellationToken))
        {
            return NotFound();
        }
        if (Refusal is not null)
        {
            return Page();
        }
        People = await DueAsync(cancellationToken);
        var now = Time.GetUtcNow().UtcDateTime;
        foreach (var person in People)
        {
            Db.SessionInvitations.Add(new SessionInvitation { PracticeId = Tenant.PracticeId, SessionId = Session.Id, StaffMemberId = person.StaffMemberId, InvitedAt = now });
        }
        var sent = await series.QueueAsync(Session, People.Select(p => p.StaffMemberId).ToList(), "REQUEST", "session-invitation", "Invitation",
            "Your in-service training on human trafficking is due, and this live session covers it. The invitation is attached for your calendar; book your seat in Beacon.", cancellationToken);
        audit.Record(Tenant.PracticeId, "series.staff-invited", "session", Session.Id.ToString(), new { Series.Title, invited = sent });
        await Db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"{sent} {(sent == 1 ? "person was" : "people were")} invited to the session of {Clock.Format(Session.StartsAt)}.";
        return Redirect($"/series/{Series.Id}");
    }

    private async Task<List<Person>> DueAsync(CancellationToken cancellationToken)
    {
        var today = Clock.Today(Time);
        var sessionId = Session.Id;
        var courseId = Series.CourseId;
        var rows = await (
            from status in Db.RequirementStatuses.AsNoTracking()
            join requirement in Db.Requirements on status.RequirementId equals requirement.Id
            join staff in Db.StaffMembers on status.StaffMemberId equals staff.Id
            where requirement.Active && requirement.CourseId == courseId && status.Applies && staff.Active && staff.Email != ""
                && !(status.ExemptFrom != null && status.ExemptFrom <= today && (status.ExemptUntil == null || status.ExemptUntil >= today))
                && (status.LastCompleted == null || (status.DueSoonFrom != null && status.DueSoonFrom <= today))
                && !Db.SessionInvitations.Any(i => i.SessionId == sessionId && i.StaffMemberId == staff.Id)
                && !Db.SessionBookings.Any(b => b.SessionId == sessionId && b.StaffMemberId == staff.Id)
            select new { staff.Id, staff.FirstName, staff.LastName, staff.Email, status.LastCompleted, status.OverdueAfter, status.DueOn })
            .ToListAsync(cancellationToken);
        return rows
            .GroupBy(r => r.Id)
            .Select(g =>
            {
                var worst = g.OrderBy(r => r.LastCompleted is null ? 0 : r.OverdueAfter < today ? 1 : 2).First();
                var why = worst.LastCompleted is null ? "Never done"
                    : worst.OverdueAfter is { } overdue && overdue < today ? $"Overdue (was due {worst.DueOn:yyyy-MM-dd})"
                    : $"Due soon ({worst.DueOn:yyyy-MM-dd})";
                return new Person(g.Key, $"{worst.FirstName} {worst.LastName}", worst.Email, why);
            })
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
