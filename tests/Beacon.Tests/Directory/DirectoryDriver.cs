using System.Net.Http.Headers;
using Beacon.Tests.Infrastructure;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.ReferralDirectory;

/// <summary>Fills the directory's forms and files as an administrator would.</summary>
public static class DirectoryDriver
{
    /// <summary>A sound entry form; <paramref name="extra"/> replaces fields of the same name (several values for a list).</summary>
    public static KeyValuePair<string, string>[] EntryForm(string name, params KeyValuePair<string, string>[] extra)
    {
        KeyValuePair<string, string>[] defaults =
        [
            F("name", name),
            F("categories", "shelter-housing"),
            F("categories", "anti-trafficking-services"),
            F("services", "emergency-shelter"),
            F("serviceArea", "Travis County"),
            F("state", "TX"),
            F("phone", "(512) 555-0142"),
            F("languages", "en; es"),
            F("lawEnforcementPosture", "consent-based"),
            F("capacity", "unknown"),
            F("traumaInformed", "unknown"),
            F("survivorLed", "unknown"),
            F("lastVerified", "2026-02-01"),
            F("verifiedBy", "Office manager"),
        ];
        var replaced = extra.Select(e => e.Key).ToHashSet();
        return [.. defaults.Where(d => !replaced.Contains(d.Key)), .. extra];
    }

    public static Task<HttpResponseMessage> AddEntryAsync(this HttpClient client, string name, params KeyValuePair<string, string>[] extra) =>
        client.PostFormAsync("/practice/directory/new", EntryForm(name, extra));

    /// <summary>Uploads a file to the import page and returns the preview (or the refusal) page.</summary>
    public static async Task<HttpResponseMessage> PreviewImportAsync(this HttpClient client, byte[] file, string fileName = "directory.csv")
    {
        var token = await client.GetAntiforgeryTokenAsync("/practice/directory/import");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "Upload", fileName);
        return await client.PostAsync("/practice/directory/import", form);
    }

    /// <summary>Previews, then presses "Apply" with what the preview page carries.</summary>
    public static async Task<HttpResponseMessage> ImportAsync(this HttpClient client, byte[] file)
    {
        var preview = await ParseAsync(await client.PreviewImportAsync(file));
        var apply = preview.QuerySelector("form[action*='handler=Apply']");
        Assert.True(apply is not null, "the preview offers no Apply button: " + preview.QuerySelector("#preview-heading")?.ParentElement?.TextContent);
        var fields = apply.QuerySelectorAll("input[type=hidden]").Select(i => F(i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToList();
        return await client.PostAsync(apply.GetAttribute("action"), new FormUrlEncodedContent(fields));
    }

    public static byte[] Csv(params string[] lines) => System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    public const string MinimalHeader = "name,categories,service_area,law_enforcement_posture,last_verified,verified_by,phone,text,languages,on_patient_card,patient_card_label";
}
