using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Toolkit;

/// <summary>The ICD-10-CM helper: the 29 trafficking codes by category, each with a one-tap copy button.</summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class CodesModel(ToolkitCatalog catalog) : PageModel
{
    public IcdCodeSet Codes => catalog.Content.Codes;
    public IReadOnlyList<ToolkitSource> Sources { get; private set; } = [];

    public IEnumerable<IcdCode> In(IcdCategory category) => Codes.Codes.Where(c => c.Category == category.Id);

    public void OnGet()
    {
        var keys = Codes.About.SelectMany(a => a.Sources)
            .Concat(Codes.Categories.SelectMany(c => c.Sources))
            .Concat(Codes.SeventhCharacters.SelectMany(s => s.Sources))
            .Concat(Codes.Codes.SelectMany(c => c.Sources))
            .Concat(Codes.Notes.SelectMany(n => n.Sources))
            .Distinct(StringComparer.Ordinal);
        Sources = [.. keys.Select(k => catalog.Content.Source(k)).OfType<ToolkitSource>()];
    }
}
