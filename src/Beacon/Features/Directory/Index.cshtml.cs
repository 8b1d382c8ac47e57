using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.ReferralDirectory;

/// <summary>The practice administrator's list of referral partners, with those past their review date flagged.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class IndexModel(BeaconDbContext db, TenantContext tenant, TimeProvider time) : PageModel
{
    public IReadOnlyList<DirectoryEntry> Entries { get; private set; } = [];
    public IReadOnlyList<string> OnCard { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public int PastReviewCount { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = await DirectoryForm.TodayAsync(db, tenant.PracticeId, time, cancellationToken);
        Entries = await db.DirectoryEntries.AsNoTracking().OrderByDescending(e => e.Active).ThenBy(e => e.Name).ToListAsync(cancellationToken);
        PastReviewCount = Entries.Count(e => e.Active && e.NextReview < Today);
        OnCard = [.. Entries.Where(e => e.Active && e.OnPatientCard).Select(e => e.Name)];
    }
}
