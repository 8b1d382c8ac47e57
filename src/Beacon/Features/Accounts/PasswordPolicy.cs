using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;

namespace Beacon.Features.Accounts;

/// <summary>
/// Password rules of NIST SP 800-63B rev. 4: length only (15 code points when the password is the only
/// factor, 8 when the account uses an authenticator app), no composition rules, up to 256 allowed, and a
/// blocklist of common and breached values, context words and trivial patterns, each refused with its reason.
/// </summary>
public sealed class PasswordPolicy(PasswordBlocklist blocklist)
{
    public const int MinimumSingleFactor = 15;
    public const int MinimumWithMfa = 8;
    public const int Maximum = 256;

    /// <summary>The reasons the password is refused; empty when it is acceptable.</summary>
    public IReadOnlyList<string> Check(string? password, bool hasMfa, params string?[] contextWords)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(password))
        {
            problems.Add("Enter a password.");
            return problems;
        }
        var normalised = Normalise(password);
        var length = CodePoints(normalised);
        var minimum = hasMfa ? MinimumWithMfa : MinimumSingleFactor;
        if (length < minimum)
        {
            problems.Add(hasMfa
                ? $"Use at least {MinimumWithMfa} characters (you have {length})."
                : $"Use at least {MinimumSingleFactor} characters (you have {length}). A few unrelated words make a long password that is easy to remember.");
        }
        if (length > Maximum)
        {
            problems.Add($"Use at most {Maximum} characters.");
        }
        if (problems.Count > 0)
        {
            return problems;
        }

        if (blocklist.IsCommon(normalised))
        {
            problems.Add("This password is on a list of common or breached passwords. Choose another.");
        }
        else if (IsTrivialPattern(normalised))
        {
            problems.Add("This password is a repeated or sequential pattern. Choose another.");
        }
        else if (ContainsContext(normalised, contextWords))
        {
            problems.Add("This password is mostly your name, email address or the name of this service. Choose another.");
        }
        return problems;
    }

    /// <summary>NFKC, so the same password typed on two keyboards hashes the same.</summary>
    public static string Normalise(string password) => password.Normalize(NormalizationForm.FormKC);

    private static int CodePoints(string value) => value.EnumerateRunes().Count();

    private static bool IsTrivialPattern(string password)
    {
        var runes = password.EnumerateRunes().Select(r => r.Value).ToArray();
        // Three or fewer different characters ("aaaaaaaaaaaaaaa", "ababababababab1").
        if (runes.Distinct().Count() <= 3)
        {
            return true;
        }
        // A short unit repeated ("abcdabcdabcdabcd").
        for (var unit = 1; unit <= runes.Length / 2; unit++)
        {
            if (runes.Length % unit == 0 && runes.Select((r, i) => r == runes[i % unit]).All(same => same))
            {
                return true;
            }
        }
        // A run of consecutive characters ("123456789012345", "abcdefghijklmno"), wrapping at digits.
        var ascending = 0;
        var descending = 0;
        for (var i = 1; i < runes.Length; i++)
        {
            var step = runes[i] - runes[i - 1];
            if (step == 1 || (runes[i - 1] == '9' && runes[i] == '0'))
            {
                ascending++;
            }
            if (step == -1 || (runes[i - 1] == '0' && runes[i] == '9'))
            {
                descending++;
            }
        }
        return ascending >= runes.Length - 2 || descending >= runes.Length - 2;
    }

    private static bool ContainsContext(string password, string?[] contextWords)
    {
        var lower = password.ToLowerInvariant();
        var words = contextWords
            .Where(w => !string.IsNullOrWhiteSpace(w))
            .SelectMany(w => Split(w!))
            .Append("beacon")
            .Where(w => w.Length >= 4)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var remainder = lower;
        foreach (var word in words)
        {
            remainder = remainder.Replace(word, "", StringComparison.Ordinal);
        }
        // What is left once the context words are taken out is what an attacker still has to guess.
        return remainder.Length < lower.Length && CodePoints(remainder) < MinimumWithMfa;
    }

    private static IEnumerable<string> Split(string context)
    {
        var lower = context.ToLowerInvariant();
        yield return lower;
        var local = lower.Split('@')[0];
        yield return local;
        foreach (var part in local.Split(['.', '_', '-', '+', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            yield return part;
        }
    }
}

/// <summary>
/// About 49,000 of the most common passwords from breach corpora (the zxcvbn-ts common list, MIT licence),
/// installed from npm by the build and embedded in the assembly. Also refuses a listed password with
/// digits or symbols appended, or repeated.
/// </summary>
public sealed class PasswordBlocklist
{
    private readonly HashSet<string> _common;

    public PasswordBlocklist()
    {
        using var stream = typeof(PasswordBlocklist).Assembly.GetManifestResourceStream("Beacon.common-passwords.json")
            ?? throw new InvalidOperationException("The common-password list is missing from the build (npm install failed?).");
        var words = JsonSerializer.Deserialize<string[]>(stream) ?? [];
        _common = new HashSet<string>(words.Select(w => w.ToLowerInvariant()), StringComparer.Ordinal);
    }

    public int Count => _common.Count;

    public bool IsCommon(string password)
    {
        // Spaces between words do not make a listed password new ("iloveyou iloveyou").
        var lower = password.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        if (_common.Contains(lower))
        {
            return true;
        }
        var stem = lower.TrimEnd("0123456789!@#$%^&*()_-+=.?~ ".ToCharArray());
        if (stem.Length >= 4 && stem.Length < lower.Length && _common.Contains(stem))
        {
            return true;
        }
        for (var unit = 4; unit <= lower.Length / 2; unit++)
        {
            if (lower.Length % unit == 0 && _common.Contains(lower[..unit]) && string.Concat(Enumerable.Repeat(lower[..unit], lower.Length / unit)) == lower)
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>Plugs <see cref="PasswordPolicy"/> into Identity so every path that sets a password uses it.</summary>
public sealed class NistPasswordValidator(PasswordPolicy policy) : IPasswordValidator<AppUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var hasMfa = user.TwoFactorEnabled && await manager.GetAuthenticatorKeyAsync(user) is not null;
        var problems = policy.Check(password, hasMfa, user.Email, user.DisplayName);
        return problems.Count == 0
            ? IdentityResult.Success
            : IdentityResult.Failed([.. problems.Select(p => new IdentityError { Code = "PasswordPolicy", Description = p })]);
    }
}

/// <summary>Identity's PBKDF2 hasher, fed the NFKC form of the password.</summary>
public sealed class NormalisingPasswordHasher : IPasswordHasher<AppUser>
{
    private readonly PasswordHasher<AppUser> _inner = new();

    public string HashPassword(AppUser user, string password) =>
        _inner.HashPassword(user, PasswordPolicy.Normalise(password));

    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword) =>
        _inner.VerifyHashedPassword(user, hashedPassword, PasswordPolicy.Normalise(providedPassword));
}
