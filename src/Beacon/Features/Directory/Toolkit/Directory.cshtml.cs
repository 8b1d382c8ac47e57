using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.ReferralDirectory.Toolkit;

/// <summary>
/// The staff directory at the point of care: national lines first, then the practice's active partners,
/// with search (name and services) and filters by category and language. A GET: nothing is stored, and the
/// query holds partner words, never patient data. A practice lists tens of partners, so filtering is in memory.
/// </summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class DirectoryModel(BeaconDbContext db, NationalResourceService national) : PageModel
{
    [FromQuery(Name = "q")]
    public string? Query { get; set; }

    [FromQuery(Name = "category")]
    public string? Category { get; set; }

    [FromQuery(Name = "language")]
    public string? Language { get; set; }

    public IReadOnlyList<ListedEntry> Entries { get; private set; } = [];
    public IReadOnlyList<Term> Languages { get; private set; } = [];
    public bool Filtered => !string.IsNullOrWhiteSpace(Query) || !string.IsNullOrEmpty(Category) || !string.IsNullOrEmpty(Language);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var nationals = await national.AllAsync(cancellationToken);
        var locals = await db.DirectoryEntries.AsNoTracking().Where(e => e.Active).OrderBy(e => e.Name).ToListAsync(cancellationToken);
        IEnumerable<ListedEntry> all = [.. nationals.Select(ListedEntry.From), .. locals.Select(ListedEntry.From)];

        // The filter offers the common languages and any other the practice's partners list.
        var tags = locals.SelectMany(e => DirectoryEntry.Split(e.Languages)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        Languages = [.. DirectoryVocabulary.CommonLanguages,
            .. tags.Where(t => DirectoryVocabulary.CommonLanguages.All(c => !string.Equals(c.Id, t, StringComparison.OrdinalIgnoreCase)))
                .Order(StringComparer.Ordinal).Select(t => new Term(t, DirectoryVocabulary.LanguageName(t)))];

        if (!string.IsNullOrWhiteSpace(Query))
        {
            all = all.Where(e => e.Matches(Query.Trim()));
        }
        if (!string.IsNullOrEmpty(Category))
        {
            all = all.Where(e => e.Categories.Contains(Category));
        }
        if (!string.IsNullOrEmpty(Language))
        {
            all = all.Where(e => e.Speaks(Language));
        }
        Entries = [.. all];
    }
}
