using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Provider;

/// <summary>
/// The training provider's list of practices. The provider sees counts only: no names, emails or records
/// of anyone on a practice's staff. Provider administrators act for the installation, so the tenant
/// filters are lifted here on purpose and each count names its practice.
/// </summary>
[Authorize(Policy = Policies.ProviderAdmin)]
public sealed class PracticesModel(BeaconDbContext db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<PracticeRow> Practices { get; private set; } = [];
    public bool HasMore { get; private set; }
    public int TotalPractices { get; private set; }

    public sealed record PracticeRow(Guid Id, string Name, string StateCode, bool Active, int Sites, int ActiveStaff, int Accounts, DateTime CreatedAt);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        var practices = db.Practices.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var pattern = TextSearch.Contains(Search);
            practices = db.Database.IsNpgsql()
                ? practices.Where(p => EF.Functions.ILike(p.Name, pattern, TextSearch.Escape))
                : practices.Where(p => EF.Functions.Like(p.Name, pattern, TextSearch.Escape));
        }
        TotalPractices = await db.Practices.CountAsync(cancellationToken);
        var page = await practices
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize + 1)
            .Select(p => new PracticeRow(
                p.Id,
                p.Name,
                p.StateCode,
                p.Active,
                db.Sites.IgnoreQueryFilters().Count(s => s.PracticeId == p.Id && s.Active),
                db.StaffMembers.IgnoreQueryFilters().Count(s => s.PracticeId == p.Id && s.Active),
                db.Users.Count(u => u.PracticeId == p.Id && !u.Disabled),
                p.CreatedAt))
            .ToListAsync(cancellationToken);
        HasMore = page.Count > PageSize;
        Practices = page.Take(PageSize).ToList();
    }

    /// <summary>A post that names no form of this page (or one it does not have) is a bad request, not a blank page.</summary>
    public IActionResult OnPost() => BadRequest();

    public string PageLink(int number) =>
        "/provider/practices?" + (string.IsNullOrWhiteSpace(Search) ? "" : "q=" + Uri.EscapeDataString(Search) + "&") + "p=" + number;
}
