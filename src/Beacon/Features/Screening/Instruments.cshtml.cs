using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Courses;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Screening;

/// <summary>
/// Provider administrators import a licensed instrument's item file: upload → checked preview (every problem
/// with file, line, field and reason; nothing stored) → apply (stored for the installation, audited with who,
/// when and the licence note). Practices then choose to offer it. Imports can be retired, never edited.
/// </summary>
[Authorize(Policy = Policies.ProviderAdmin)]
[RefuseUnknownHandlers]
public sealed class InstrumentsModel(BeaconDbContext db, InstrumentCatalog catalog, AuditLog audit, TimeProvider time) : PageModel
{
    public IReadOnlyList<ImportedInstrument> Imports { get; private set; } = [];
    public IReadOnlyList<ContentProblem> Problems { get; private set; } = [];
    public string? FormError { get; private set; }
    public InstrumentDefinition? Preview { get; private set; }
    public string? PreviewContent { get; private set; }
    public string? PreviewFileName { get; private set; }
    public string? LicenceNote { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, string? licenceNote, CancellationToken cancellationToken)
    {
        LicenceNote = licenceNote?.Trim();
        if (file is null || file.Length == 0)
        {
            FormError = "Choose the instrument's item file (.yaml).";
        }
        else if (file.Length > InstrumentLoader.MaxFileBytes)
        {
            FormError = $"The file is {file.Length / 1024} KB; an item file may be at most {InstrumentLoader.MaxFileBytes / 1024} KB.";
        }
        if (FormError is not null)
        {
            return await RefuseAsync(cancellationToken);
        }
        string text;
        try
        {
            using var reader = new StreamReader(file!.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true));
            text = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            FormError = $"{SafeName(file!.FileName)} is not UTF-8 text: save it as a UTF-8 .yaml file.";
            return await RefuseAsync(cancellationToken);
        }
        return await CheckAsync(SafeName(file.FileName), text, apply: false, cancellationToken);
    }

    public async Task<IActionResult> OnPostApplyAsync(string? content, string? fileName, string? licenceNote, CancellationToken cancellationToken)
    {
        LicenceNote = licenceNote?.Trim();
        if (string.IsNullOrEmpty(content) || Encoding.UTF8.GetByteCount(content) > InstrumentLoader.MaxFileBytes)
        {
            FormError = "Upload the item file again.";
            return await RefuseAsync(cancellationToken);
        }
        return await CheckAsync(SafeName(fileName), content, apply: true, cancellationToken);
    }

    public async Task<IActionResult> OnPostRetireAsync(Guid id, CancellationToken cancellationToken)
    {
        var import = await db.ImportedInstruments.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (import is null)
        {
            return NotFound();
        }
        if (import.RetiredAt is null)
        {
            import.RetiredAt = time.GetUtcNow().UtcDateTime;
            import.RetiredByName = ActorName;
            audit.Record(Guid.Empty, "instrument.retired", "instrument", import.Id.ToString(), new { import.InstrumentId, import.Version });
            await db.SaveChangesAsync(cancellationToken);
            TempData["Status"] = $"{import.Name} {import.Version} is retired: practices no longer see its questions.";
        }
        return Redirect("/provider/instruments");
    }

    private async Task<IActionResult> CheckAsync(string fileName, string text, bool apply, CancellationToken cancellationToken)
    {
        var problems = new List<ContentProblem>();
        var instrument = catalog.ReadUpload(fileName, text, problems);
        if (instrument is not null && await db.ImportedInstruments.AnyAsync(i => i.InstrumentId == instrument.Id && i.Version == instrument.Version, cancellationToken))
        {
            problems.Add(new ContentProblem(fileName, 1, $"version: {instrument.Id} {instrument.Version} was imported before; a changed file gets a new version"));
        }
        if (problems.Count > 0 || instrument is null)
        {
            Problems = problems;
            return await RefuseAsync(cancellationToken);
        }
        if (!apply)
        {
            Preview = instrument;
            PreviewContent = text;
            PreviewFileName = fileName;
            await LoadAsync(cancellationToken);
            return Page();
        }
        if (string.IsNullOrWhiteSpace(LicenceNote) || LicenceNote.Length > 2000)
        {
            FormError = "Write the licence note (who granted the right to use the item text, and its terms), at most 2,000 characters.";
            Preview = instrument;
            PreviewContent = text;
            PreviewFileName = fileName;
            return await RefuseAsync(cancellationToken);
        }
        var import = new ImportedInstrument
        {
            InstrumentId = instrument.Id,
            Version = instrument.Version,
            Name = instrument.Name,
            FileName = fileName,
            Content = text,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
            LicenceNote = LicenceNote,
            ImportedByUserId = Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId) ? userId : Guid.Empty,
            ImportedByName = ActorName,
            ImportedAt = time.GetUtcNow().UtcDateTime,
        };
        db.ImportedInstruments.Add(import);
        audit.Record(Guid.Empty, "instrument.imported", "instrument", import.Id.ToString(),
            new { import.InstrumentId, import.Version, import.FileName, import.Sha256, import.LicenceNote, Items = instrument.Items.Count });
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"{instrument.Name} {instrument.Version} is imported. Practices can now choose to offer it to their staff.";
        return Redirect("/provider/instruments");
    }

    private string ActorName => User.FindFirstValue(BeaconClaims.DisplayName) ?? User.Identity?.Name ?? "provider administrator";

    private static string SafeName(string? name)
    {
        var clean = Path.GetFileName(name ?? "").Trim();
        clean = new string([.. clean.Where(c => !char.IsControl(c))]);
        return clean.Length == 0 ? "upload.yaml" : clean.Length > 200 ? clean[..200] : clean;
    }

    private async Task<IActionResult> RefuseAsync(CancellationToken cancellationToken)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Imports = await db.ImportedInstruments.AsNoTracking().OrderByDescending(i => i.ImportedAt).ToListAsync(cancellationToken);
}
