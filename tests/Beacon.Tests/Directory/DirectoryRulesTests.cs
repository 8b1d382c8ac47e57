using Beacon.Features.ReferralDirectory;

namespace Beacon.Tests.ReferralDirectory;

public sealed class DirectoryRulesTests
{
    [Theory]
    [InlineData("1-888-373-7888", "+18883737888")]
    [InlineData("(512) 555-0142", "+15125550142")]
    [InlineData("+1 512 555 0142", "+15125550142")]
    [InlineData("512.555.0142", "+15125550142")]
    [InlineData("988", "988")]
    public void Call_numbers_are_stored_in_E164_or_as_service_numbers(string input, string stored) =>
        Assert.Equal(stored, PhoneNumbers.NormalizeCall(input, out _));

    [Theory]
    [InlineData("555-0142", "7 digits")]
    [InlineData("+44 20 7946 0958", "Only US numbers")]
    [InlineData("012-555-0142", "cannot start with 0 or 1")]
    [InlineData("call 512", "is not a phone number")]
    [InlineData("233733", "6 digits")]
    public void Bad_call_numbers_say_why(string input, string reason)
    {
        Assert.Null(PhoneNumbers.NormalizeCall(input, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("233733", "233733")]
    [InlineData("741741", "741741")]
    [InlineData("12345", "12345")]
    [InlineData("512-555-0142", "+15125550142")]
    public void Text_numbers_take_short_codes(string input, string stored) =>
        Assert.Equal(stored, PhoneNumbers.NormalizeText(input, out _));

    [Fact]
    public void Display_and_links_use_the_stored_form()
    {
        Assert.Equal("1-888-373-7888", PhoneNumbers.Display("+18883737888"));
        Assert.Equal("tel:+18883737888", PhoneNumbers.TelHref("+18883737888"));
        Assert.Equal("sms:233733", PhoneNumbers.SmsHref("233733"));
    }

    private static Dictionary<string, string?> Sound() => new()
    {
        ["name"] = "Harbor",
        ["categories"] = "Shelter-Housing; legal-services;shelter-housing",
        ["serviceArea"] = "Travis County",
        ["phone"] = "512 555 0142",
        ["languages"] = "EN, zh-hant; es-mx",
        ["lawEnforcementPosture"] = "Consent-Based",
        ["lastVerified"] = "3/1/2026",
        ["verifiedBy"] = "Office manager",
        ["open24x7"] = "Y",
    };

    [Fact]
    public void Values_are_canonical_so_an_export_compares_equal()
    {
        var result = DirectoryFields.Check(Sound(), new DateOnly(2026, 3, 2), ["abuse"]);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("shelter-housing; legal-services", result["categories"]);
        Assert.Equal("en; zh-Hant; es-MX", result["languages"]);
        Assert.Equal("consent-based", result["lawEnforcementPosture"]);
        Assert.Equal(("2026-03-01", "2027-03-01"), (result["lastVerified"], result["nextReview"]));
        Assert.Equal(("yes", "no", "yes", "unknown"), (result["open24x7"], result["mou"], result["active"], result["capacity"]));
        Assert.Equal("+15125550142", result["phone"]);

        var again = DirectoryFields.Check(result.Values.ToDictionary(p => p.Key, p => (string?)p.Value), new DateOnly(2026, 3, 2), ["abuse"]);
        Assert.Equal(result.Values, again.Values);
    }

    [Theory]
    [InlineData("nextReview", "2026-03-01", "nextReview", "must be after the last check")]
    [InlineData("mouDate", "2026-01-01", "mouDate", "only when a written agreement")]
    [InlineData("web", "ftp://example.org", "web", "https://")]
    [InlineData("email", "someone at example", "email", "not an email address")]
    [InlineData("state", "ZZ", "state", "not a US state code")]
    [InlineData("ageMin", "130", "ageMin", "from 0 to 120")]
    [InlineData("name", "A\nB", "name", "one line")]
    public void Each_rule_names_its_field(string field, string value, string errorField, string reason)
    {
        var input = Sound();
        input[field] = value;
        var result = DirectoryFields.Check(input, new DateOnly(2026, 3, 2), ["abuse"]);
        var error = Assert.Single(result.Errors);
        Assert.Equal(errorField, error.Field);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_card_text_has_no_problems_and_a_forbidden_word_is_reported_with_its_line()
    {
        var content = Path.Combine(AppContext.BaseDirectory, "content");
        var (card, problems) = HandoutContent.Load(content);
        Assert.Empty(problems);
        Assert.Equal(["en", "es"], card!.Languages.Select(l => l.Lang));
        Assert.True(card.Language("es")!.NeedsReview);
        Assert.Equal(2, card.LocalMax);

        var copy = System.IO.Directory.CreateTempSubdirectory("beacon-handout-");
        try
        {
            System.IO.Directory.CreateDirectory(Path.Combine(copy.FullName, "toolkit"));
            var text = File.ReadAllText(Path.Combine(content, "toolkit", "handout.yaml"))
                .Replace("You decide if and when to reach out.", "Call 512-555-0100 about abuse.", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(copy.FullName, "toolkit", "handout.yaml"), text);
            var (_, broken) = HandoutContent.Load(copy.FullName);
            Assert.Contains(broken, p => p.Message.Contains("forbidden word “abuse”", StringComparison.Ordinal) && p.File == "toolkit/handout.yaml" && p.Line > 1);
            Assert.Contains(broken, p => p.Message.Contains("holds a phone number", StringComparison.Ordinal));
            var output = new StringWriter();
            Assert.Equal(1, HandoutContent.Check(copy.FullName, output));
            Assert.Contains("toolkit/handout.yaml:", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }
}
