using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Beacon.Tests.Infrastructure;

/// <summary>Reads pages the way a browser would, and posts forms with their antiforgery token.</summary>
public static class Html
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    public static async Task<IDocument> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode} {response.Headers.Location}");
        return await ParseAsync(response);
    }

    /// <summary>The antiforgery token from any form on the page (tokens belong to the user, not the form).</summary>
    public static async Task<string> GetAntiforgeryTokenAsync(this HttpClient client, string url = "/account/sign-in")
    {
        var document = await client.GetPageAsync(url);
        return Token(document) ?? throw new InvalidOperationException($"No antiforgery token on {url}.");
    }

    public static string? Token(IDocument document) =>
        document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");

    /// <summary>Posts fields with a fresh token taken from <paramref name="tokenPage"/> (or the target itself).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields, string? tokenPage = null)
    {
        var token = await client.GetAntiforgeryTokenAsync(tokenPage ?? url);
        return await client.PostFormWithTokenAsync(url, fields, token);
    }

    public static Task<HttpResponseMessage> PostFormWithTokenAsync(this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields, string token)
    {
        var all = fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token)).ToList();
        return client.PostAsync(url, new FormUrlEncodedContent(all));
    }

    public static KeyValuePair<string, string> F(string name, string value) => new(name, value);

    public static string Text(this IDocument document, string selector) =>
        document.QuerySelector(selector)?.TextContent.Trim() ?? "";
}
