using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.ReferralDirectory.Toolkit;

/// <summary>The patient card page for staff: what the card prints, the notes before offering it, and the print links.</summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class HandoutModel(BeaconDbContext db, HandoutCatalog catalog) : PageModel
{
    public HandoutCard? Card => catalog.Card;
    public NationalResourceRow? National { get; private set; }
    public IReadOnlyList<string> LocalNames { get; private set; } = [];
    public bool IsAdmin => User.IsInRole(Roles.PracticeAdmin);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Card is null)
        {
            return;
        }
        var (_, national, local) = await HandoutLines.LoadAsync(db, Card, cancellationToken);
        National = national;
        LocalNames = [.. local.Select(e => $"{e.PatientCardLabel} ({e.Name}): {string.Join(", ", new[] { e.Phone is null ? null : "call " + PhoneNumbers.Display(e.Phone), e.TextNumber is null ? null : "text " + PhoneNumbers.Display(e.TextNumber) }.Where(s => s is not null))}")];
    }
}
