using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.ReferralDirectory.National;

/// <summary>The provider's list of national resources.</summary>
[Authorize(Policy = Policies.ProviderAdmin)]
public sealed class IndexModel(NationalResourceService national) : PageModel
{
    public IReadOnlyList<NationalResourceRow> Resources { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Resources = await national.AllAsync(cancellationToken);
}
