using Beacon.Features.Accounts;
using Beacon.Features.Certificates;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Transcripts;

/// <summary>The signed-in learner's own transcript.</summary>
[Authorize(Policy = Policies.PracticeMember)]
[RefuseUnknownHandlers]
public sealed class IndexModel(TranscriptRecords transcripts, CertificateRecords certificates, TimeProvider time) : PageModel
{
    public TranscriptView? View { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await certificates.OwnStaffMemberIdAsync(cancellationToken) is { } staffId &&
            await transcripts.LoadAsync(staffId, cancellationToken) is { } transcript)
        {
            View = new TranscriptView(transcript, ForManagers: false, "/transcript/pdf", time.GetUtcNow().UtcDateTime);
        }
        return Page();
    }
}
