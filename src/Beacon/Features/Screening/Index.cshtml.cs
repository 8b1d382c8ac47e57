using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Screening;

/// <summary>The screening aids the practice offers: guides staff can run, and cards that only describe a published screen.</summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class IndexModel(BeaconDbContext db, InstrumentCatalog catalog) : PageModel
{
    public IReadOnlyList<AvailableInstrument> Runnable { get; private set; } = [];
    public IReadOnlyList<AvailableInstrument> Cards { get; private set; } = [];
    public InstrumentReferences References => catalog.References;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var offered = await catalog.OfferedAsync(db, cancellationToken);
        Runnable = [.. offered.Where(i => i.Definition.Runnable)];
        Cards = [.. offered.Where(i => !i.Definition.Runnable)];
    }
}
