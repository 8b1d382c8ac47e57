namespace Beacon.Features.ReferralDirectory;

/// <summary>
/// US phone numbers for tap-to-call and tap-to-text: stored in E.164 (+1 and ten digits), or as a
/// three-digit service number (988, 211) for calls and a 5–6 digit short code for texts.
/// </summary>
public static class PhoneNumbers
{
    /// <summary>The stored form of a number to call, or null with the reason it cannot be one.</summary>
    public static string? NormalizeCall(string input, out string? problem) => Normalize(input, allowShortCode: false, out problem);

    /// <summary>The stored form of a number to text, or null with the reason it cannot be one.</summary>
    public static string? NormalizeText(string input, out string? problem) => Normalize(input, allowShortCode: true, out problem);

    private static string? Normalize(string input, bool allowShortCode, out string? problem)
    {
        problem = null;
        var text = input.Trim();
        foreach (var ch in text)
        {
            if (!char.IsAsciiDigit(ch) && " ()-.+".IndexOf(ch, StringComparison.Ordinal) < 0)
            {
                problem = $"“{input.Trim()}” is not a phone number: use digits only, e.g. 512-555-0100{(allowShortCode ? " or a short code such as 233733" : "")}.";
                return null;
            }
        }
        if (text.IndexOf('+', StringComparison.Ordinal) > 0)
        {
            problem = "A + may only start the number (+1 for the US).";
            return null;
        }
        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        if (text.StartsWith('+') && !digits.StartsWith('1'))
        {
            problem = "Only US numbers (+1) can be called or texted from the directory.";
            return null;
        }
        if (digits.Length == 11 && digits[0] == '1')
        {
            digits = digits[1..];
        }
        if (digits.Length == 10)
        {
            if (digits[0] is '0' or '1' || digits[3] is '0' or '1')
            {
                problem = $"“{input.Trim()}” is not a valid US number: the area code and the exchange cannot start with 0 or 1.";
                return null;
            }
            return "+1" + digits;
        }
        if (!allowShortCode && digits.Length == 3 && !text.StartsWith('+'))
        {
            return digits;
        }
        if (allowShortCode && digits.Length is 5 or 6 && !text.StartsWith('+'))
        {
            return digits;
        }
        problem = allowShortCode
            ? $"“{input.Trim()}” has {digits.Length} digits: a number to text has 10 digits (11 starting with 1) or is a 5–6 digit short code."
            : $"“{input.Trim()}” has {digits.Length} digits: a US number has 10 digits (11 starting with 1), or 3 for a service number such as 988.";
        return null;
    }

    /// <summary>"1-888-373-7888" for an E.164 number; short and service numbers as they are.</summary>
    public static string Display(string stored) =>
        stored.StartsWith("+1", StringComparison.Ordinal) && stored.Length == 12
            ? $"1-{stored[2..5]}-{stored[5..8]}-{stored[8..]}"
            : stored;

    /// <summary>The tel: address (RFC 3966): E.164 as stored, or the service number.</summary>
    public static string TelHref(string stored) => "tel:" + stored;

    /// <summary>The sms: address (RFC 5724).</summary>
    public static string SmsHref(string stored) => "sms:" + stored;
}
