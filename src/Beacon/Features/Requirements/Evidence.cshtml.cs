using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Requirements;

/// <summary>
/// Downloads an outside certificate for the practice's administrators and auditors. Another practice's file
/// answers 404, exactly like one that does not exist. Always an attachment, with the type decided at upload.
/// </summary>
[Authorize(Policy = Policies.Auditor)]
[RefuseUnknownHandlers]
public sealed class EvidenceModel(BeaconDbContext db, TenantContext tenant, AuditLog audit, OutsideCertificates certificates) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var evidence = await db.EvidenceFiles.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (evidence is null)
        {
            return NotFound();
        }
        var path = certificates.PathOf(tenant.PracticeId, evidence.Id);
        if (!System.IO.File.Exists(path))
        {
            return NotFound();
        }
        await audit.RecordNowAsync(tenant.PracticeId, "evidence.downloaded", "evidence", evidence.Id.ToString(), new { evidence.FileName, evidence.StaffMemberId }, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        Response.Headers.XContentTypeOptions = "nosniff";
        return PhysicalFile(path, evidence.ContentType, evidence.FileName);
    }
}
