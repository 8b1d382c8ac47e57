using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.ReferralDirectory;

/// <summary>
/// Imports the directory from CSV: upload → preview (adds, updates and deactivations, and every problem
/// with line, column and reason; nothing written) → apply in one transaction. The preview carries the file
/// back to the server, which checks it again and refuses to apply when the directory changed meanwhile.
/// </summary>
[Authorize(Policy = Policies.PracticeAdmin)]
[RefuseUnknownHandlers]
// Above the file limit, so a file somewhat too large reaches the handler and gets a clear message.
[RequestSizeLimit(UploadRequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadRequestLimit, ValueLengthLimit = UploadRequestLimit)]
public sealed class ImportModel(BeaconDbContext db, TenantContext tenant, TimeProvider time, HandoutCatalog handout) : PageModel
{
    private const int UploadRequestLimit = 16 * 1024 * 1024;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The previewed file, base64, posted back by the apply button.</summary>
    [BindProperty]
    public string? FileContent { get; set; }

    [BindProperty]
    public string? Fingerprint { get; set; }

    public string? FileName { get; set; }
    public string? FileError { get; private set; }
    public string? Notice { get; private set; }
    public DirectoryImportPlan? Plan { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Upload is null || Upload.Length == 0)
        {
            FileError = Upload is null ? "Choose the CSV file to upload." : "The file is empty.";
            return Page();
        }
        if (Upload.Length > DirectoryCsv.MaxFileBytes)
        {
            FileError = $"The file is {Upload.Length / 1024} KB; Beacon accepts directory files up to {DirectoryCsv.MaxFileBytes / 1024 / 1024} MB ({DirectoryCsv.MaxRows:N0} entries).";
            return Page();
        }
        using var buffer = new MemoryStream();
        await using (var stream = Upload.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, cancellationToken);
        }
        FileName = Path.GetFileName(Upload.FileName);
        var content = buffer.ToArray();
        await PreviewAsync(content, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(CancellationToken cancellationToken)
    {
        var previewed = Fingerprint;
        byte[] content;
        try
        {
            content = Convert.FromBase64String(FileContent ?? "");
        }
        catch (FormatException)
        {
            FileError = "The preview did not come back whole. Upload the file again.";
            return Page();
        }
        await PreviewAsync(content, cancellationToken);
        if (Plan is null || !Plan.CanApply)
        {
            return Page();
        }
        if (!string.Equals(Plan.Fingerprint, previewed, StringComparison.Ordinal))
        {
            Notice = "The directory changed since your preview, so nothing was written. Check this new preview and apply again.";
            return Page();
        }
        int written;
        try
        {
            written = await DirectoryImport.ApplyAsync(db, tenant.PracticeId, Plan, time, cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            await PreviewAsync(content, cancellationToken);
            Notice = "Someone changed the directory at the same moment, so nothing was written. Check this new preview and apply again.";
            return Page();
        }
        TempData["Status"] = $"Import applied: {Plan.Count(DirectoryChangeKind.Add)} added, {Plan.Count(DirectoryChangeKind.Update)} updated, {Plan.Count(DirectoryChangeKind.Deactivate)} retired ({written} entries written).";
        return Redirect("/practice/directory");
    }

    private async Task PreviewAsync(byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            var rows = DirectoryCsv.Read(content);
            var today = await DirectoryForm.TodayAsync(db, tenant.PracticeId, time, cancellationToken);
            Plan = await DirectoryImport.PlanAsync(db, rows, today, handout.ForbiddenWords, cancellationToken);
            FileContent = Convert.ToBase64String(content);
            Fingerprint = Plan.Fingerprint;
            ModelState.Remove(nameof(FileContent));
            ModelState.Remove(nameof(Fingerprint));
        }
        catch (DirectoryFileException error)
        {
            FileError = error.Message;
            Plan = null;
        }
    }
}
