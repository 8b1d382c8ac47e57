using Beacon.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.ReferralDirectory.Toolkit;

/// <summary>The lines the card prints: the national line from the database, then the practice's chosen local lines.</summary>
public static class HandoutLines
{
    public static async Task<(List<CardLine> Lines, NationalResourceRow? National, List<DirectoryEntry> Local)> LoadAsync(
        BeaconDbContext db, HandoutCard card, CancellationToken cancellationToken)
    {
        var national = await db.NationalResources.AsNoTracking().FirstOrDefaultAsync(r => r.Key == card.NationalResource, cancellationToken);
        var local = await db.DirectoryEntries.AsNoTracking()
            .Where(e => e.Active && e.OnPatientCard && (e.Phone != null || e.TextNumber != null))
            .OrderBy(e => e.Name)
            .Take(card.LocalMax)
            .ToListAsync(cancellationToken);
        var lines = new List<CardLine>();
        if (national is not null)
        {
            lines.Add(new CardLine(card.NationalLabel, PhoneNumbers.Display(national.Phone), national.TextNumber is null ? null : PhoneNumbers.Display(national.TextNumber)));
        }
        foreach (var entry in local)
        {
            // The entry's own neutral label in every language (it passed the forbidden-word check when saved).
            var label = entry.PatientCardLabel ?? entry.Name;
            lines.Add(new CardLine(card.Languages.ToDictionary(l => l.Lang, _ => label),
                entry.Phone is null ? null : PhoneNumbers.Display(entry.Phone), entry.TextNumber is null ? null : PhoneNumbers.Display(entry.TextNumber)));
        }
        return (lines, national, local);
    }
}
