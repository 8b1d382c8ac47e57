using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Roster.Imports;

/// <summary>Applies a previewed import to the roster, all or nothing.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class ApplyModel(BeaconDbContext db, RosterImporter importer, IHostApplicationLifetime lifetime) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    // Apply is a button on the preview; an address typed in the browser goes there.
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await db.RosterImports.AnyAsync(i => i.Id == Id, cancellationToken) ? Redirect($"/roster/imports/{Id}") : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        // Once started, an apply finishes even if the browser is closed or a proxy gives up waiting on a large
        // file: cancelling would roll it all back and the next attempt would meet the same timeout. Only
        // Beacon shutting down stops it (and then rolls it back).
        var result = await importer.ApplyAsync(Id, lifetime.ApplicationStopping);
        if (result.Outcome == ApplyOutcome.NotFound)
        {
            return NotFound();
        }
        TempData[result.Outcome == ApplyOutcome.Applied ? "Status" : "ImportProblem"] = result.Message;
        return Redirect($"/roster/imports/{Id}");
    }
}
