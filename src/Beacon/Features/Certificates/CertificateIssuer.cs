using System.Buffers.Text;
using System.Security.Cryptography;
using Beacon.Data;
using Beacon.Features.Learning;

namespace Beacon.Features.Certificates;

/// <summary>Creates the certificate row of a completion: a readable number and an unguessable verification code.</summary>
public sealed class CertificateIssuer(BeaconDbContext db, TimeProvider time)
{
    // Crockford-style alphabet: no I, L, O, U, so numbers read aloud or typed are not mistaken.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public Certificate Issue(Completion completion)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var certificate = new Certificate
        {
            PracticeId = completion.PracticeId,
            CompletionId = completion.Id,
            StaffMemberId = completion.StaffMemberId,
            Number = NewNumber(completion.CompletedOn.Year),
            VerificationCode = NewVerificationCode(),
            IssuedAt = now,
        };
        db.Certificates.Add(certificate);
        return certificate;
    }

    /// <summary>BCN-2026-XXXXXXXX: 40 random bits after the year (the database keeps numbers unique).</summary>
    public static string NewNumber(int year)
    {
        var chars = new char[8];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return $"BCN-{year}-{new string(chars)}";
    }

    /// <summary>160 random bits, URL-safe: the only key to the public verification page.</summary>
    public static string NewVerificationCode() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(20));
}
