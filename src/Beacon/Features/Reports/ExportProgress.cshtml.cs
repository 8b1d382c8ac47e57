using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Reports;

/// <summary>How far a background report file has got, polled once a second by report-export.js.</summary>
[Authorize(Policy = Policies.Auditor)]
[RefuseUnknownHandlers]
public sealed class ExportProgressModel(TenantContext tenant, AuditActor actor, ReportExportJobs jobs) : PageModel
{
    public sealed record Progress(string Status, int PeopleDone, int PeopleTotal);

    public IActionResult OnGet(Guid id)
    {
        if (actor.UserId is not { } userId || jobs.Find(id, tenant.PracticeId, userId) is not { } job)
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "no-store";
        return new JsonResult(new Progress(job.Status.ToString().ToLowerInvariant(), job.PeopleDone, job.PeopleTotal));
    }
}
