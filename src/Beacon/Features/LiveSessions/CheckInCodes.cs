using System.Security.Cryptography;
using Beacon.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.LiveSessions;

/// <summary>
/// The short codes learners type to check in. They are read off a projector and typed on a phone, so the
/// alphabet leaves out characters that look or sound alike (0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B). A code is
/// unique among the practice's sessions that are not over; a finished session's code may come round again.
/// </summary>
public static class CheckInCodes
{
    public const string Alphabet = "ACDEFHJKMNPQRTUVWXY3479";
    public const int Length = 6;

    /// <summary>Check-in opens this long before a session starts and closes this long after it ends.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(15);

    public static string NewCode() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>What a person typed, as a code: capitals, spaces and dashes ignored. Null when it cannot be a code.</summary>
    public static string? Normalise(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 40)
        {
            return null;
        }
        var code = string.Concat(typed.Where(c => !char.IsWhiteSpace(c) && c != '-')).ToUpperInvariant();
        return code.Length == Length && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? code : null;
    }

    public static DateTime OpensAt(LiveSession session) => session.StartsAt - Margin;

    public static DateTime ClosesAt(LiveSession session) => session.EndsAt + Margin;

    /// <summary>
    /// A code no session of the practice still uses (the context's tenant filter limits the check to the
    /// practice). <paramref name="candidates"/> replaces the random source in tests.
    /// </summary>
    public static async Task<string> NewUniqueAsync(BeaconDbContext db, DateTime now, CancellationToken cancellationToken, Func<string>? candidates = null)
    {
        var next = candidates ?? NewCode;
        var stillOpen = now - Margin;
        // 23^6 codes and a handful in use: a clash is rare, many in a row means something is wrong.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var code = next();
            var taken = await db.LiveSessions.AnyAsync(s => s.CheckInCode == code && s.CancelledAt == null && s.EndsAt >= stillOpen, cancellationToken);
            if (!taken)
            {
                return code;
            }
        }
        throw new InvalidOperationException("Could not find a free check-in code.");
    }
}
