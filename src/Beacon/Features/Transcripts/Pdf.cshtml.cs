using Beacon.Features.Accounts;
using Beacon.Features.Certificates;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Transcripts;

/// <summary>The signed-in learner's own transcript as a PDF.</summary>
[Authorize(Policy = Policies.PracticeMember)]
[RefuseUnknownHandlers]
public sealed class PdfModel(TranscriptRecords transcripts, CertificateRecords certificates, TimeProvider time) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await certificates.OwnStaffMemberIdAsync(cancellationToken) is not { } staffId ||
            await transcripts.LoadAsync(staffId, cancellationToken) is not { } transcript)
        {
            return NotFound();
        }
        return TranscriptFile.For(this, transcript, time);
    }
}

/// <summary>The PDF response both transcript downloads send.</summary>
internal static class TranscriptFile
{
    public static IActionResult For(PageModel page, Transcript transcript, TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var pdf = TranscriptDocument.Render(transcript, now);
        // A transcript is personal: no shared cache may keep it.
        page.Response.Headers.CacheControl = "no-store";
        var day = DateOnly.FromDateTime(transcript.Clock.ToLocal(now)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return page.File(pdf, "application/pdf", PdfLayout.SafeFileName("pdf", "transcript", transcript.Name, day));
    }
}
