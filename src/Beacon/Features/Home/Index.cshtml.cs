using Beacon.Data;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Home;

/// <summary>The start page: who you are in Beacon and where your work is.</summary>
[Authorize(Policy = Accounts.Policies.SignedIn)]
public sealed class IndexModel(BeaconDbContext db, TenantContext tenant, AuditActor actor) : PageModel
{
    public string? PracticeName { get; private set; }
    public PersonRow? Person { get; private set; }
    public PracticeSummary? Summary { get; private set; }

    public sealed record PersonRow(string Name, string JobRole, string Site, string? LicenceType, DateOnly? LicenceExpiry);
    public sealed record PracticeSummary(int ActiveStaff, int Sites, int Accounts, int OpenInvitations, int FailedEmails);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.IsInRole(Accounts.Roles.ProviderAdmin) && !tenant.HasPractice)
        {
            return Redirect("/provider/practices");
        }
        if (!tenant.HasPractice)
        {
            return Page();
        }
        PracticeName = await db.Practices.Where(p => p.Id == tenant.PracticeId).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken);
        var staffId = await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.StaffMemberId).FirstOrDefaultAsync(cancellationToken);
        if (staffId is not null)
        {
            Person = await db.StaffMembers.AsNoTracking()
                .Where(s => s.Id == staffId)
                .Select(s => new PersonRow(
                    s.FirstName + " " + s.LastName,
                    s.JobRole,
                    db.Sites.Where(x => x.Id == s.SiteId).Select(x => x.Name).First(),
                    s.LicenceType,
                    s.LicenceExpiry))
                .FirstOrDefaultAsync(cancellationToken);
        }
        if (User.IsInRole(Accounts.Roles.PracticeAdmin))
        {
            var practiceId = tenant.PracticeId;
            Summary = new PracticeSummary(
                await db.StaffMembers.CountAsync(s => s.Active, cancellationToken),
                await db.Sites.CountAsync(s => s.Active, cancellationToken),
                await db.Users.CountAsync(u => u.PracticeId == practiceId && !u.Disabled, cancellationToken),
                await db.Invitations.CountAsync(i => i.PracticeId == practiceId && i.AcceptedAt == null && i.RevokedAt == null, cancellationToken),
                await db.OutboxMessages.CountAsync(m => m.Status == Email.OutboxStatus.Failed, cancellationToken));
        }
        return Page();
    }
}
