using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Roster.Imports;

/// <summary>Upload a roster file, and see the practice's recent imports.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
// Well above the file limit, so a file somewhat too large still reaches the handler and gets a clear message
// (a form over the framework's limits can only be answered with an error page).
[RequestSizeLimit(UploadRequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadRequestLimit)]
public sealed class IndexModel(BeaconDbContext db, TenantContext tenant, RosterImporter importer) : PageModel
{
    private const long UploadRequestLimit = 64 * 1024 * 1024;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public bool FullRoster { get; set; }

    public IReadOnlyList<ImportRow> Recent { get; private set; } = [];
    public IReadOnlyList<string> Sites { get; private set; } = [];
    public PracticeTime Clock { get; private set; } = null!;
    public string? UploadError => ModelState.TryGetValue(nameof(Upload), out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    public sealed record ImportRow(Guid Id, string FileName, DateTime UploadedAt, RosterImportStatus Status, string? FileError, int RowsRead, int ErrorCount, int AddCount, int UpdateCount, int DeactivateCount);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), Upload is null ? "Choose the roster file to upload." : "The file is empty.");
        }
        else if (Upload.Length > RosterImportOptions.MaxFileBytes)
        {
            ModelState.AddModelError(nameof(Upload), $"The file is {Upload.Length / (1024.0 * 1024.0):0.#} MB; Beacon accepts up to 20 MB. Remove columns Beacon does not read, or split the roster into several files.");
        }
        else
        {
            var head = new byte[RosterFileFormat.SniffLength];
            int length;
            await using (var stream = Upload.OpenReadStream())
            {
                length = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
            }
            var format = RosterFileFormat.Detect(head.AsSpan(0, length), out var problem);
            if (format is null)
            {
                ModelState.AddModelError(nameof(Upload), problem!);
            }
            else
            {
                await using var content = Upload.OpenReadStream();
                var id = await importer.UploadAsync(content, Upload.FileName, format, FullRoster, cancellationToken);
                return Redirect($"/roster/imports/{id}");
            }
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Clock = await PracticeTime.ForAsync(db, tenant.PracticeId, cancellationToken);
        Sites = await db.Sites.AsNoTracking().Where(s => s.Active).OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(cancellationToken);
        Recent = await db.RosterImports.AsNoTracking()
            .OrderByDescending(i => i.UploadedAt).ThenByDescending(i => i.Id)
            .Take(20)
            .Select(i => new ImportRow(i.Id, i.FileName, i.UploadedAt, i.Status, i.FileError, i.RowsRead, i.ErrorCount, i.AddCount, i.UpdateCount, i.DeactivateCount))
            .ToListAsync(cancellationToken);
    }
}
