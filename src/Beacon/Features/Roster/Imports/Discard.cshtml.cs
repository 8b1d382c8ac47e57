using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Roster.Imports;

/// <summary>Throws an import away before it is applied; its stored file is deleted.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class DiscardModel(BeaconDbContext db, RosterImporter importer) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await db.RosterImports.AnyAsync(i => i.Id == Id, cancellationToken) ? Redirect($"/roster/imports/{Id}") : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        switch (await importer.DiscardAsync(Id, cancellationToken))
        {
            case DiscardOutcome.NotFound:
                return NotFound();
            case DiscardOutcome.Discarded:
                TempData["Status"] = "The import is discarded and its file deleted. Nothing on the roster was changed.";
                break;
            default:
                TempData["ImportProblem"] = "This import can no longer be discarded: it has been applied or closed already.";
                break;
        }
        return Redirect($"/roster/imports/{Id}");
    }
}
