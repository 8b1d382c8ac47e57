using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Roster.Imports;

/// <summary>
/// One import: progress while the file is checked, then every problem (line, column, reason) or the changes it
/// would make, with Apply and Discard.
/// </summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class PreviewModel(BeaconDbContext db, TenantContext tenant, IOptions<RosterImportOptions> options) : PageModel
{
    public const int PageSize = 100;

    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "problems")]
    public int ProblemPage { get; set; } = 1;

    /// <summary>add, update, reactivate or deactivate.</summary>
    [BindProperty(SupportsGet = true, Name = "kind")]
    public string? KindName { get; set; }

    [BindProperty(SupportsGet = true, Name = "changes")]
    public int ChangePage { get; set; } = 1;

    public ImportView Import { get; private set; } = null!;
    public IReadOnlyList<IssueRow> Issues { get; private set; } = [];
    public int StoredIssueCount { get; private set; }
    public IReadOnlyList<ChangeRow> Changes { get; private set; } = [];
    public IReadOnlyDictionary<RosterChangeKind, int> ListedByKind { get; private set; } = new Dictionary<RosterChangeKind, int>();
    public RosterChangeKind Kind { get; private set; }
    public PracticeTime Clock { get; private set; } = null!;
    public int MaxListedPerKind => options.Value.MaxStoredChangesPerKind;

    public bool CanApply => Import is { Status: RosterImportStatus.Previewed, ErrorCount: 0, FileError: null };
    public bool CanDiscard => Import.Status is RosterImportStatus.Previewed or RosterImportStatus.Validating;
    public bool InProgress => Import.Status is RosterImportStatus.Validating or RosterImportStatus.Applying;
    public bool HasPreview => Import.Status is RosterImportStatus.Previewed or RosterImportStatus.Applied || (Import.Status == RosterImportStatus.Rejected && Import.FileError is null && Import.PreviewedAt is not null);
    public int ProblemPageCount => Math.Max(1, (StoredIssueCount + PageSize - 1) / PageSize);
    public int ChangePageCount => Math.Max(1, (ListedByKind.GetValueOrDefault(Kind) + PageSize - 1) / PageSize);

    public sealed record ImportView(
        Guid Id, string FileName, string Format, long FileSize, bool FullRoster, RosterImportStatus Status, long BytesRead,
        int RowsRead, int ErrorCount, int AddCount, int UpdateCount, int DeactivateCount, int UnchangedCount,
        string? FileError, DateTime UploadedAt, DateTime? PreviewedAt, DateTime? AppliedAt)
    {
        public int Percent => FileSize <= 0 ? 0 : (int)Math.Clamp(100 * BytesRead / FileSize, 0, 100);
    }

    public sealed record IssueRow(int Line, string? Column, string Message);

    public sealed record ChangeRow(int Line, string PersonName, string? EmployeeId, string? Detail);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var import = await db.RosterImports.AsNoTracking()
            .Where(i => i.Id == Id)
            .Select(i => new ImportView(i.Id, i.FileName, i.Format, i.FileSize, i.FullRoster, i.Status, i.BytesRead, i.RowsRead,
                i.ErrorCount, i.AddCount, i.UpdateCount, i.DeactivateCount, i.UnchangedCount, i.FileError, i.UploadedAt, i.PreviewedAt, i.AppliedAt))
            .FirstOrDefaultAsync(cancellationToken);
        if (import is null)
        {
            return NotFound();
        }
        Import = import;
        Clock = await PracticeTime.ForAsync(db, tenant.PracticeId, cancellationToken);
        if (!HasPreview)
        {
            return Page();
        }

        StoredIssueCount = await db.RosterImportIssues.CountAsync(i => i.ImportId == Id, cancellationToken);
        ProblemPage = Math.Clamp(ProblemPage, 1, ProblemPageCount);
        Issues = await db.RosterImportIssues.AsNoTracking()
            .Where(i => i.ImportId == Id)
            .OrderBy(i => i.Line).ThenBy(i => i.Column).ThenBy(i => i.Id)
            .Skip((ProblemPage - 1) * PageSize)
            .Take(PageSize)
            .Select(i => new IssueRow(i.Line, i.Column, i.Message))
            .ToListAsync(cancellationToken);

        ListedByKind = await db.RosterImportChanges.AsNoTracking()
            .Where(c => c.ImportId == Id)
            .GroupBy(c => c.Kind)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        Kind = Enum.TryParse<RosterChangeKind>(KindName, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : Enum.GetValues<RosterChangeKind>().FirstOrDefault(k => ListedByKind.GetValueOrDefault(k) > 0);
        ChangePage = Math.Clamp(ChangePage, 1, ChangePageCount);
        Changes = await db.RosterImportChanges.AsNoTracking()
            .Where(c => c.ImportId == Id && c.Kind == Kind)
            .OrderBy(c => c.Line).ThenBy(c => c.PersonName).ThenBy(c => c.Id)
            .Skip((ChangePage - 1) * PageSize)
            .Take(PageSize)
            .Select(c => new ChangeRow(c.Line, c.PersonName, c.EmployeeId, c.Detail))
            .ToListAsync(cancellationToken);
        return Page();
    }

    public static string KindLabel(RosterChangeKind kind) => kind switch
    {
        RosterChangeKind.Add => "Adds",
        RosterChangeKind.Update => "Updates",
        RosterChangeKind.Reactivate => "Reactivations",
        RosterChangeKind.Deactivate => "Deactivations",
        _ => kind.ToString(),
    };

    public string Link(int? problems = null, RosterChangeKind? kind = null, int? changes = null, string? anchor = null)
    {
        var query = new Dictionary<string, string?>(StringComparer.Ordinal);
        var problemPage = problems ?? ProblemPage;
        if (problemPage > 1)
        {
            query["problems"] = problemPage.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        query["kind"] = (kind ?? Kind).ToString().ToLowerInvariant();
        var changePage = changes ?? (kind is null ? ChangePage : 1);
        if (changePage > 1)
        {
            query["changes"] = changePage.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return QueryHelpers.AddQueryString($"/roster/imports/{Id}", query) + (anchor is null ? "" : "#" + anchor);
    }
}
