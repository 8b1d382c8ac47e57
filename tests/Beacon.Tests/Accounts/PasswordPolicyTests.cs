using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Beacon.Tests.Accounts;

public sealed class PasswordPolicyTests
{
    private static readonly PasswordPolicy Policy = new(new PasswordBlocklist());

    [Theory]
    [InlineData(14, false, false)]
    [InlineData(15, false, true)]
    [InlineData(7, true, false)]
    [InlineData(8, true, true)]
    [InlineData(64, false, true)]
    [InlineData(256, false, true)]
    [InlineData(257, false, false)]
    public void Length_is_the_only_size_rule(int length, bool hasMfa, bool accepted)
    {
        var random = new Random(length);
        var password = new string([.. Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(26)))]);

        var problems = Policy.Check(password, hasMfa);

        Assert.Equal(accepted, problems.Count == 0);
    }

    [Fact]
    public void No_composition_rules_apply()
    {
        Assert.Empty(Policy.Check("lantern orchard velvet tundra", hasMfa: false));
    }

    [Fact]
    public void Length_counts_characters_not_bytes()
    {
        // 15 code points, many of them multi-byte.
        Assert.Empty(Policy.Check("ŝćđžčőűéáíóúñçğ", hasMfa: false));
        Assert.NotEmpty(Policy.Check("ŝćđžčőűéáíóúñç", hasMfa: false));
    }

    [Theory]
    [InlineData("passwordpassword")]
    [InlineData("password12345678")]
    [InlineData("Qwertyuiop123456!")]
    [InlineData("iloveyou iloveyou")]
    public void Common_and_breached_passwords_are_refused_with_the_reason(string password)
    {
        var problems = Policy.Check(password, hasMfa: false);

        Assert.Contains(problems, p => p.Contains("common or breached", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaa")]
    [InlineData("123456789012345678")]
    [InlineData("abcdefghijklmnopq")]
    [InlineData("ababababababababab")]
    [InlineData("xkcdxkcdxkcdxkcd")]
    public void Repeated_and_sequential_patterns_are_refused(string password)
    {
        var problems = Policy.Check(password, hasMfa: false);

        Assert.Contains(problems, p => p.Contains("repeated or sequential", StringComparison.Ordinal));
    }

    [Fact]
    public void A_password_made_of_the_persons_email_is_refused()
    {
        var problems = Policy.Check("dana.whitfield2026", hasMfa: false, "dana.whitfield@riverside.example", "Dana Whitfield");

        Assert.Contains(problems, p => p.Contains("your name, email address", StringComparison.Ordinal));
    }

    [Fact]
    public void The_blocklist_holds_tens_of_thousands_of_passwords()
    {
        Assert.True(new PasswordBlocklist().Count > 40_000);
    }

    [Fact]
    public void Passwords_are_compared_in_their_NFKC_form()
    {
        var hasher = new NormalisingPasswordHasher();
        var user = new AppUser();
        // Full-width letters typed on an East Asian keyboard are the same password.
        var hash = hasher.HashPassword(user, "ｌａｎｔｅｒｎ ｏｒｃｈａｒｄ ｖｅｌｖｅｔ");

        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, hash, "lantern orchard velvet"));
    }
}
