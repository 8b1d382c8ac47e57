using Beacon.Features.Accounts;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Certificates;

/// <summary>
/// The certificate as a PDF. A learner downloads their own; practice administrators and auditors any of the
/// practice's. Someone else's certificate answers exactly like one that does not exist.
/// </summary>
[Authorize(Policy = Policies.PracticeAccount)]
[RefuseUnknownHandlers]
public sealed class PdfModel(CertificateRecords records) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var facts = await records.FindAsync(id, cancellationToken);
        if (facts is null)
        {
            return NotFound();
        }
        var readsAll = User.IsInRole(Roles.PracticeAdmin) || User.IsInRole(Roles.Auditor);
        if (!readsAll && await records.OwnStaffMemberIdAsync(cancellationToken) != facts.StaffMemberId)
        {
            return NotFound();
        }
        var pdf = CertificateDocument.Render(records.ToPrint(facts));
        // A certificate names a person: no shared cache may keep it.
        Response.Headers.CacheControl = "no-store";
        return File(pdf, "application/pdf", CertificateRecords.FileName(facts));
    }
}
