using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Practices;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Reports;

/// <summary>
/// The whole report as a download, written while it is evaluated: the CSV straight into the response, the
/// workbook and PDF through a temporary file (deleted once sent). Same query string as /reports.
/// </summary>
[Authorize(Policy = Policies.Auditor)]
[RefuseUnknownHandlers]
public sealed class ExportModel(BeaconDbContext db, TenantContext tenant, PointInTimeReports reports, IOptions<DatabaseOptions> database, TimeProvider time) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string format, [FromQuery(Name = "date")] string? date, [FromQuery(Name = "site")] Guid? site,
        [FromQuery(Name = "role")] string? role, [FromQuery(Name = "requirement")] Guid? requirement, CancellationToken cancellationToken)
    {
        var kind = Enum.Parse<ReportFormat>(format, ignoreCase: true);
        var clock = await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken);
        var filter = new ReportQuery { Date = date, Site = site, Role = role, Requirement = requirement }.ToFilter(clock.Today(time), ModelState);
        if (filter is null)
        {
            return BadRequest(string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
        }
        var report = await reports.PrepareAsync(tenant.PracticeId, filter, cancellationToken);
        if (report is null)
        {
            return NotFound();
        }

        var now = time.GetUtcNow().UtcDateTime;
        // A report names people: no shared cache may keep it.
        Response.Headers.CacheControl = "no-store";
        if (kind == ReportFormat.Csv)
        {
            Response.ContentType = ReportFiles.ContentType(kind);
            Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = ReportFiles.FileName(report, kind) }.ToString();
            await ReportFiles.WriteCsvAsync(report, Response.Body, now, null, cancellationToken);
            return new EmptyResult();
        }

        var path = ReportExportJobs.TempPath(database.Value, Guid.CreateVersion7(), kind);
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                await ReportFiles.WriteAsync(kind, report, file, now, null, cancellationToken);
            }
        }
        catch
        {
            System.IO.File.Delete(path);
            throw;
        }
        // The file goes from disk to the response in pieces and is removed when the stream closes.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Delete, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        return File(stream, ReportFiles.ContentType(kind), ReportFiles.FileName(report, kind));
    }
}
