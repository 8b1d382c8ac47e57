using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Practices;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Reports;

/// <summary>Starts a report file in the background and sends the browser to its progress page.</summary>
[Authorize(Policy = Policies.Auditor)]
[RefuseUnknownHandlers]
public sealed class StartExportModel(BeaconDbContext db, TenantContext tenant, AuditActor actor, ReportExportJobs jobs, TimeProvider time) : PageModel
{
    public async Task<IActionResult> OnPostAsync([FromForm(Name = "format")] string? format, [FromForm(Name = "date")] string? date, [FromForm(Name = "site")] Guid? site,
        [FromForm(Name = "role")] string? role, [FromForm(Name = "requirement")] Guid? requirement, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<ReportFormat>(format, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(format, out _))
        {
            return BadRequest("Choose CSV, Excel workbook or PDF.");
        }
        var clock = await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken);
        var filter = new ReportQuery { Date = date, Site = site, Role = role, Requirement = requirement }.ToFilter(clock.Today(time), ModelState);
        if (filter is null || actor.UserId is not { } userId)
        {
            return BadRequest(string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
        }
        var job = jobs.Start(tenant.PracticeId, userId, kind, filter);
        return Redirect($"/reports/exports/{job.Id}");
    }
}
