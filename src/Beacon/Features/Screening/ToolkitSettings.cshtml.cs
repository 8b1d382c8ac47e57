using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Screening;

/// <summary>Practice administrators choose the screening aids their staff are offered and switch the anonymous tally on or off.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
[RefuseUnknownHandlers]
public sealed class ToolkitSettingsModel(BeaconDbContext db, InstrumentCatalog catalog, TenantContext tenant, TimeProvider time) : PageModel
{
    public IReadOnlyList<AvailableInstrument> Available { get; private set; } = [];
    public IReadOnlySet<string> Offered { get; private set; } = new HashSet<string>();
    public bool TallyEnabled { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Available = await catalog.AvailableAsync(db, cancellationToken);
        (Offered, TallyEnabled) = await catalog.SettingsAsync(db, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(string[]? offered, bool tally, CancellationToken cancellationToken)
    {
        var available = await catalog.AvailableAsync(db, cancellationToken);
        var chosen = (offered ?? []).Where(id => available.Any(a => a.Definition.Id == id)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var settings = await db.PracticeToolkitSettings.FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = new PracticeToolkitSettings { PracticeId = tenant.PracticeId };
            db.PracticeToolkitSettings.Add(settings);
        }
        settings.OfferedInstruments = string.Join(",", chosen);
        settings.TallyEnabled = tally;
        settings.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"Toolkit settings saved: {chosen.Count} screening aid{(chosen.Count == 1 ? "" : "s")} offered, anonymous tally {(tally ? "on" : "off")}.";
        return Redirect("/practice/toolkit");
    }
}
