using System.Globalization;
using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Screening;

/// <summary>The anonymous tally, counted by month, screen and result band, and by month and action.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class TallyModel(BeaconDbContext db, InstrumentCatalog catalog) : PageModel
{
    public sealed record BandRow(string Month, string Instrument, string Band, int Count);

    public sealed record ActionRow(string Month, string Action, int Count);

    public bool TallyEnabled { get; private set; }
    public int Total { get; private set; }
    public IReadOnlyList<BandRow> Bands { get; private set; } = [];
    public IReadOnlyList<ActionRow> Actions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        TallyEnabled = (await catalog.SettingsAsync(db, cancellationToken)).TallyEnabled;
        var available = await catalog.AvailableAsync(db, cancellationToken);
        var rows = await db.ScreeningTallies.AsNoTracking()
            .GroupBy(t => new { t.Day.Year, t.Day.Month, t.InstrumentId, t.BandId, t.Actions })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.InstrumentId, g.Key.BandId, g.Key.Actions, Count = g.Count() })
            .ToListAsync(cancellationToken);
        string MonthOf(int year, int month) => new DateOnly(year, month, 1).ToString("yyyy-MM MMMM", CultureInfo.InvariantCulture);
        string InstrumentName(string id) => available.FirstOrDefault(a => a.Definition.Id == id)?.Definition.DisplayName ?? id;
        string BandName(string instrument, string band) => available.FirstOrDefault(a => a.Definition.Id == instrument)?.Definition.Bands.FirstOrDefault(b => b.Id == band)?.Label ?? band;
        Total = rows.Sum(r => r.Count);
        Bands = [.. rows.GroupBy(r => (r.Year, r.Month, r.InstrumentId, r.BandId))
            .OrderByDescending(g => g.Key.Year).ThenByDescending(g => g.Key.Month).ThenBy(g => g.Key.InstrumentId, StringComparer.Ordinal).ThenBy(g => g.Key.BandId, StringComparer.Ordinal)
            .Select(g => new BandRow(MonthOf(g.Key.Year, g.Key.Month), InstrumentName(g.Key.InstrumentId), BandName(g.Key.InstrumentId, g.Key.BandId), g.Sum(r => r.Count)))];
        Actions = [.. rows.SelectMany(r => r.Actions.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => (r.Year, r.Month, Action: a, r.Count)))
            .GroupBy(x => (x.Year, x.Month, x.Action))
            .OrderByDescending(g => g.Key.Year).ThenByDescending(g => g.Key.Month).ThenBy(g => TallyActions.All.Select(a => a.Id).ToList().IndexOf(g.Key.Action))
            .Select(g => new ActionRow(MonthOf(g.Key.Year, g.Key.Month), TallyActions.LabelOf(g.Key.Action), g.Sum(x => x.Count)))];
    }
}
