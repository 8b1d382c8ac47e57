using System.Globalization;
using Beacon.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Roster;

/// <summary>Times people read are shown in their practice's time zone, not UTC.</summary>
public sealed record PracticeTime(TimeZoneInfo Zone)
{
    public static async Task<PracticeTime> ForAsync(BeaconDbContext db, Guid practiceId, CancellationToken cancellationToken)
    {
        var zoneId = await db.Practices.AsNoTracking().Where(p => p.Id == practiceId).Select(p => p.TimeZoneId).FirstOrDefaultAsync(cancellationToken);
        return new PracticeTime(zoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone) ? zone : TimeZoneInfo.Utc);
    }

    /// <summary>"Mar 2, 2026, 9:00 AM".</summary>
    public string Show(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone).ToString("MMM d, yyyy, h:mm tt", CultureInfo.GetCultureInfo("en-US"));
}
