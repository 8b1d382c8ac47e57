using Beacon.Data;
using Beacon.Features.LiveSessions;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Series;

/// <summary>Shared loading for the pages that act on one occurrence of a series.</summary>
public abstract class OccurrencePageModel(BeaconDbContext db, TenantContext tenant, TimeProvider time) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    protected BeaconDbContext Db => db;
    protected TenantContext Tenant => tenant;
    protected TimeProvider Time => time;

    public LiveSession Session { get; private set; } = null!;
    public LiveSeries Series { get; private set; } = null!;
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;
    public string? Refusal { get; private set; }

    /// <summary>Loads the occurrence (tracked when <paramref name="track"/>); false when it is not an occurrence of this practice.</summary>
    protected async Task<bool> LoadAsync(bool track, CancellationToken cancellationToken)
    {
        var query = track ? db.LiveSessions : db.LiveSessions.AsNoTracking();
        var session = await query.FirstOrDefaultAsync(s => s.Id == Id && s.SeriesId != null, cancellationToken);
        if (session is null)
        {
            return false;
        }
        Session = session;
        var seriesQuery = track ? db.LiveSeries : db.LiveSeries.AsNoTracking();
        Series = await seriesQuery.FirstAsync(s => s.Id == session.SeriesId, cancellationToken);
        Clock = await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken);
        Refusal = session.CancelledAt is not null ? "This session is cancelled."
            : session.EndsAt <= time.GetUtcNow().UtcDateTime ? "This session has already taken place, so it cannot be changed."
            : null;
        return true;
    }
}
