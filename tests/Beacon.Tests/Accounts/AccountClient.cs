using System.Net;
using Beacon.Tests.Infrastructure;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Accounts;

/// <summary>
/// A client that keeps its cookies in plain sight (not in a hidden cookie container), so a test can keep
/// an old session cookie and replay it after sign-out.
/// </summary>
public sealed class AccountClient(BeaconApp app)
{
    private readonly HttpClient _client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    public async Task<HttpResponseMessage> GetAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        return await SendAsync(request);
    }

    public async Task<HttpResponseMessage> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, string tokenPage)
    {
        var page = await GetAsync(tokenPage);
        var token = Token(await ParseAsync(page)) ?? throw new InvalidOperationException("no token on " + tokenPage);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(fields.Append(F("__RequestVerificationToken", token))),
        };
        return await SendAsync(request);
    }

    public async Task<HttpResponseMessage> PostWithTokenAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(fields.Append(F("__RequestVerificationToken", token))),
        };
        return await SendAsync(request);
    }

    public async Task<HttpResponseMessage> SignInAsync(string email, string password) =>
        await PostAsync("/account/sign-in", [F("Input.Email", email), F("Input.Password", password)], "/account/sign-in");

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }
        var response = await _client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                var pair = header.Split(';')[0];
                var name = pair[..pair.IndexOf('=', StringComparison.Ordinal)];
                var value = pair[(name.Length + 1)..];
                if (header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || value.Length == 0)
                {
                    Cookies.Remove(name);
                }
                else
                {
                    Cookies[name] = value;
                }
            }
        }
        return response;
    }

    public static bool IsSignInRedirect(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect &&
        (response.Headers.Location?.OriginalString.Contains("/account/sign-in", StringComparison.Ordinal) ?? false);
}
