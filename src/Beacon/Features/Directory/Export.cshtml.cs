using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.ReferralDirectory;

/// <summary>The practice's directory as CSV (every column, active and retired entries), safe to open in a spreadsheet and to import again.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
[RefuseUnknownHandlers]
public sealed class ExportModel(BeaconDbContext db, TenantContext tenant, TimeProvider time) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var entries = await db.DirectoryEntries.AsNoTracking().OrderBy(e => e.Name).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var today = await DirectoryForm.TodayAsync(db, tenant.PracticeId, time, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return File(DirectoryCsv.Write(entries), "text/csv; charset=utf-8", $"referral-directory-{today:yyyy-MM-dd}.csv");
    }
}
