using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Reports;

/// <summary>A background report file: its progress while it is written, then its facts and the download.</summary>
[Authorize(Policy = Policies.Auditor)]
[RefuseUnknownHandlers]
public sealed class ExportJobModel(TenantContext tenant, AuditActor actor, ReportExportJobs jobs) : PageModel
{
    public ExportJob Job { get; private set; } = null!;

    public IActionResult OnGet(Guid id)
    {
        if (actor.UserId is not { } userId || jobs.Find(id, tenant.PracticeId, userId) is not { } job)
        {
            return NotFound();
        }
        Job = job;
        return Page();
    }
}
