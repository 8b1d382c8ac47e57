using Beacon.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Beacon.Features.Accounts;

/// <summary>
/// TOTP (RFC 6238, 30-second steps, one step of clock drift either way) where each code is accepted once:
/// the accepted time step is stored with a compare-and-set, so a replayed or concurrently reused code fails
/// on every node. Identity's stock provider accepts a code again for as long as it is valid.
/// </summary>
public sealed class ReplaySafeAuthenticatorTokenProvider(BeaconDbContext db, TimeProvider time) : IUserTwoFactorTokenProvider<AppUser>
{
    public const string ProviderName = "BeaconAuthenticator";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrEmpty(await manager.GetAuthenticatorKeyAsync(user));

    // Codes come from the person's authenticator app, never from the server.
    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult("");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        var code = new string((token ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        if (string.IsNullOrEmpty(key) || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }
        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(time.GetUtcNow().UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)))
        {
            return false;
        }

        var stamp = Guid.NewGuid().ToString("N");
        var claimed = await db.Users
            .Where(u => u.Id == user.Id && (u.TotpLastTimeStep == null || u.TotpLastTimeStep < step))
            .ExecuteUpdateAsync(set => set
                .SetProperty(u => u.TotpLastTimeStep, step)
                .SetProperty(u => u.ConcurrencyStamp, stamp));
        if (claimed != 1)
        {
            return false;
        }

        // Keep the tracked copy in step, so a later save of this user neither fails nor writes the old step back.
        var entry = db.Entry(user);
        entry.Property(u => u.TotpLastTimeStep).CurrentValue = step;
        entry.Property(u => u.TotpLastTimeStep).OriginalValue = step;
        entry.Property(u => u.ConcurrencyStamp).CurrentValue = stamp;
        entry.Property(u => u.ConcurrencyStamp).OriginalValue = stamp;
        entry.Property(u => u.TotpLastTimeStep).IsModified = false;
        entry.Property(u => u.ConcurrencyStamp).IsModified = false;
        return true;
    }

    /// <summary>The otpauth:// URI an authenticator app reads from the enrolment QR code.</summary>
    public static string EnrolmentUri(string issuer, string account, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(issuer)}&digits=6&period=30";
}
