using Beacon.Features.Accounts;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Transcripts;

/// <summary>A person's transcript for practice administrators and auditors (read-only for auditors).</summary>
[Authorize(Policy = Policies.Auditor)]
[RefuseUnknownHandlers]
public sealed class PersonModel(TranscriptRecords transcripts, TimeProvider time) : PageModel
{
    public TranscriptView View { get; private set; } = null!;
    public bool IsAdmin { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await transcripts.LoadAsync(id, cancellationToken) is not { } transcript)
        {
            return NotFound();
        }
        View = new TranscriptView(transcript, ForManagers: true, $"/roster/{id}/transcript/pdf", time.GetUtcNow().UtcDateTime);
        IsAdmin = User.IsInRole(Roles.PracticeAdmin);
        return Page();
    }
}
