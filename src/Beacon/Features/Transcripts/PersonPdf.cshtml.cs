using Beacon.Features.Accounts;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Transcripts;

/// <summary>A person's transcript as a PDF, for practice administrators and auditors.</summary>
[Authorize(Policy = Policies.Auditor)]
[RefuseUnknownHandlers]
public sealed class PersonPdfModel(TranscriptRecords transcripts, TimeProvider time) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await transcripts.LoadAsync(id, cancellationToken) is { } transcript ? TranscriptFile.For(this, transcript, time) : NotFound();
}
