using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Reports;

/// <summary>The finished background report file, streamed from disk.</summary>
[Authorize(Policy = Policies.Auditor)]
[RefuseUnknownHandlers]
public sealed class ExportFileModel(TenantContext tenant, AuditActor actor, ReportExportJobs jobs) : PageModel
{
    public IActionResult OnGet(Guid id)
    {
        if (actor.UserId is not { } userId || jobs.Find(id, tenant.PracticeId, userId) is not { Status: ExportStatus.Done } job || !System.IO.File.Exists(job.Path))
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "no-store";
        var stream = new FileStream(job.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous);
        return File(stream, ReportFiles.ContentType(job.Format), job.FileName);
    }
}
