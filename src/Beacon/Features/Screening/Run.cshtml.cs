using System.Security.Claims;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Practices;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Screening;

/// <summary>
/// One screening aid, item by item, and its result. Answers arrive by POST, are scored in memory and shown
/// once: nothing of them is stored, logged or cached. After a result, when the practice has switched the
/// anonymous tally on, staff may record the actions they took (day, site, instrument, band, actions only).
/// </summary>
[Authorize(Policy = Policies.PracticeMember)]
[RefuseUnknownHandlers]
public sealed class RunModel(BeaconDbContext db, InstrumentCatalog catalog, TenantContext tenant, TimeProvider time) : PageModel
{
    public const string AnswerPrefix = "a-";

    public InstrumentDefinition Instrument { get; private set; } = null!;
    public InstrumentReferences References => catalog.References;
    public ScreeningResult? Result { get; private set; }
    public IReadOnlyDictionary<string, string?> Chosen { get; private set; } = new Dictionary<string, string?>();
    public bool TallyEnabled { get; private set; }
    public IReadOnlyList<Site> Sites { get; private set; } = [];
    public Guid? OwnSiteId { get; private set; }
    public bool Tallied { get; private set; }
    public string? TallyError { get; private set; }

    /// <summary>The band of a tally form re-shown after an error.</summary>
    public ResultBand? TallyBand { get; private set; }

    public async Task<IActionResult> OnGetAsync(string instrumentId, CancellationToken cancellationToken)
    {
        NoStore();
        return await LoadAsync(instrumentId, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(string instrumentId, CancellationToken cancellationToken)
    {
        NoStore();
        if (!await LoadAsync(instrumentId, cancellationToken) || !Instrument.Runnable)
        {
            return NotFound();
        }
        // Only the instrument's own fields are read; anything else in the form is ignored, never echoed.
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var item in Instrument.Items)
        {
            var value = Request.Form[AnswerPrefix + item.Id].ToString();
            if (value.Length > 0)
            {
                answers[item.Id] = value;
            }
        }
        Chosen = answers;
        Result = ScreeningEngine.Score(Instrument, answers);
        if (!Result.Scored)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadTallyChoicesAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostTallyAsync(string instrumentId, CancellationToken cancellationToken)
    {
        NoStore();
        if (!await LoadAsync(instrumentId, cancellationToken))
        {
            return NotFound();
        }
        if (!TallyEnabled)
        {
            return NotFound();
        }
        await LoadTallyChoicesAsync(cancellationToken);
        var band = Instrument.Bands.FirstOrDefault(b => b.Id == Request.Form["band"].ToString());
        if (band is null)
        {
            return BadRequest();
        }
        TallyBand = band;
        var actions = Request.Form["actions"].Select(a => a ?? "").ToList();
        Guid? siteId = Guid.TryParse(Request.Form["site"].ToString(), out var site) ? site : null;
        if (actions.Count == 0 || actions.Any(a => TallyActions.All.All(x => x.Id != a)))
        {
            TallyError = "Tick at least one action from the list.";
        }
        else if (siteId is { } chosen && Sites.All(s => s.Id != chosen))
        {
            TallyError = "Choose one of the practice's sites.";
        }
        if (TallyError is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var clock = await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken);
        db.ScreeningTallies.Add(new ScreeningTally
        {
            PracticeId = tenant.PracticeId,
            Day = clock.Today(time),
            SiteId = siteId,
            InstrumentId = Instrument.Id,
            BandId = band.Id,
            Actions = string.Join(",", TallyActions.All.Select(a => a.Id).Where(actions.Contains)),
        });
        await db.SaveChangesAsync(cancellationToken);
        Tallied = true;
        return Page();
    }

    private void NoStore() => Response.Headers.CacheControl = "no-store";

    private async Task<bool> LoadAsync(string instrumentId, CancellationToken cancellationToken)
    {
        var offered = await catalog.OfferedAsync(db, cancellationToken);
        var found = offered.FirstOrDefault(i => i.Definition.Id == instrumentId);
        if (found is null)
        {
            return false;
        }
        Instrument = found.Definition;
        TallyEnabled = (await catalog.SettingsAsync(db, cancellationToken)).TallyEnabled;
        return true;
    }

    private async Task LoadTallyChoicesAsync(CancellationToken cancellationToken)
    {
        if (!TallyEnabled)
        {
            return;
        }
        Sites = await db.Sites.AsNoTracking().Where(s => s.Active).OrderBy(s => s.Name).ToListAsync(cancellationToken);
        if (Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            OwnSiteId = await db.Users.Where(u => u.Id == userId && u.StaffMemberId != null)
                .Join(db.StaffMembers, u => u.StaffMemberId, s => s.Id, (u, s) => (Guid?)s.SiteId)
                .FirstOrDefaultAsync(cancellationToken);
        }
    }
}
