using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Roster.Imports;

/// <summary>How far the check has got, polled by the preview page's script while the file is being read.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class ProgressModel(BeaconDbContext db) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public sealed record ImportProgress(string Status, long BytesRead, long FileSize, int RowsRead);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var progress = await db.RosterImports.AsNoTracking()
            .Where(i => i.Id == Id)
            .Select(i => new { i.Status, i.BytesRead, i.FileSize, i.RowsRead })
            .FirstOrDefaultAsync(cancellationToken);
        if (progress is null)
        {
            return NotFound();
        }
        return new JsonResult(new ImportProgress(progress.Status.ToString().ToLowerInvariant(), progress.BytesRead, progress.FileSize, progress.RowsRead));
    }
}
