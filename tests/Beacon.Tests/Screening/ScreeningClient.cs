using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using Beacon.Features.Screening;
using Beacon.Tests.Infrastructure;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Screening;

/// <summary>Drives the screening pages the way staff, practice administrators and provider administrators do.</summary>
public static class ScreeningClient
{
    /// <summary>Answers a guide through its form: chosen answer id by item id.</summary>
    public static async Task<HttpResponseMessage> AnswerAsync(this HttpClient client, string instrumentId, IEnumerable<(string Item, string Answer)> answers, params KeyValuePair<string, string>[] extra)
    {
        var fields = answers.Select(a => F(RunModel.AnswerPrefix + a.Item, a.Answer)).Concat(extra);
        // The token comes from the guide's own form, so a form that forgot it fails here as in a browser.
        var page = await client.GetPageAsync($"/toolkit/screening/{instrumentId}");
        var form = page.QuerySelector("form.screening-form");
        var token = form?.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.True(form is null || token is not null, "the guide's form has no antiforgery token");
        return token is null
            ? await client.PostFormAsync($"/toolkit/screening/{instrumentId}", fields, tokenPage: $"/toolkit/screening/{instrumentId}")
            : await client.PostFormWithTokenAsync($"/toolkit/screening/{instrumentId}", fields, token);
    }

    public static async Task<IDocument> ResultAsync(this HttpClient client, string instrumentId, IEnumerable<(string Item, string Answer)> answers)
    {
        var response = await client.AnswerAsync(instrumentId, answers);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ParseAsync(response);
    }

    /// <summary>Uploads an item file to the provider page's preview.</summary>
    public static async Task<HttpResponseMessage> UploadInstrumentAsync(this HttpClient client, string fileName, string text, string licenceNote = "Licence agreement 42 with the holder, 2026 to 2028")
    {
        var token = await client.GetAntiforgeryTokenAsync("/provider/instruments");
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        content.Add(file, "file", fileName);
        content.Add(new StringContent(licenceNote), "licenceNote");
        content.Add(new StringContent(token), "__RequestVerificationToken");
        return await client.PostAsync("/provider/instruments?handler=preview", content);
    }

    /// <summary>Uploads, checks the preview has no problems, and applies it.</summary>
    public static async Task ImportInstrumentAsync(this HttpClient client, string fileName, string text)
    {
        var preview = await client.UploadInstrumentAsync(fileName, text);
        var page = await ParseAsync(preview);
        Assert.True(preview.StatusCode == HttpStatusCode.OK, page.QuerySelector("#import-problems")?.TextContent);
        var form = page.QuerySelector("form[action='/provider/instruments?handler=apply']")!;
        var fields = form.QuerySelectorAll("input[type=hidden]:not([name=__RequestVerificationToken]), textarea")
            .Select(e => F(e.GetAttribute("name")!, e.LocalName == "textarea" ? e.TextContent : e.GetAttribute("value") ?? ""));
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.NotNull(token);
        var applied = await client.PostFormWithTokenAsync("/provider/instruments?handler=apply", fields, token);
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
    }

    public static async Task<HttpResponseMessage> SaveToolkitSettingsAsync(this HttpClient client, IEnumerable<string> offered, bool tally)
    {
        var fields = offered.Select(id => F("offered", id)).ToList();
        if (tally)
        {
            fields.Add(F("tally", "true"));
        }
        var page = await client.GetPageAsync("/practice/toolkit");
        var token = page.QuerySelector("form[action='/practice/toolkit'] input[name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.NotNull(token);
        return await client.PostFormWithTokenAsync("/practice/toolkit", fields, token);
    }
}
