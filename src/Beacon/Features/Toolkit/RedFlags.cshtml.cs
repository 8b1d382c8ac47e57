using Beacon.Features.Accounts;
using Beacon.Features.Learning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Toolkit;

/// <summary>
/// The warning-sign quick reference, from the course's content, cited. Groups written for clinical staff only
/// are left out for a person whose roster role takes the non-clinical track; everyone else sees every group.
/// </summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class RedFlagsModel(ToolkitCatalog catalog, Learners learners) : PageModel
{
    public RedFlagList List => catalog.Content.RedFlags;
    public IReadOnlyList<RedFlagGroup> Groups { get; private set; } = [];
    public int HiddenGroups { get; private set; }
    public string? Track { get; private set; }
    public IReadOnlyList<ToolkitSource> Sources { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Track = (await learners.CurrentAsync(cancellationToken))?.DefaultTrack;
        Groups = Track is null ? List.Groups : [.. List.Groups.Where(g => g.For(Track))];
        HiddenGroups = List.Groups.Count - Groups.Count;
        var keys = List.Caveats.SelectMany(c => c.Sources)
            .Concat(Groups.SelectMany(g => g.Items.SelectMany(i => i.Sources).Concat(g.Notes.SelectMany(n => n.Sources))))
            .Distinct(StringComparer.Ordinal);
        Sources = [.. keys.Select(k => catalog.Content.Source(k)).OfType<ToolkitSource>()];
    }
}
