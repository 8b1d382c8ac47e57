using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Beacon.Tests.Security;

public sealed class HeadersTests
{
    [Theory, DatabaseData]
    public async Task Every_kind_of_response_carries_the_security_headers(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var admin = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin);
        var anonymous = app.NewClient();
        var signedIn = await app.SignInAsync(admin);

        var responses = new List<(string What, HttpResponseMessage Response)>
        {
            ("page", await anonymous.GetAsync("/account/sign-in")),
            ("redirect", await anonymous.GetAsync("/")),
            ("not found", await signedIn.GetAsync("/no/such/page")),
            // Anonymous visitors are asked to sign in rather than told which addresses exist.
            ("unknown address, anonymous", await anonymous.GetAsync("/no/such/page")),
            ("static file", await anonymous.GetAsync("/css/site.css")),
            ("bootstrap", await anonymous.GetAsync("/lib/bootstrap/css/bootstrap.min.css")),
            ("health", await anonymous.GetAsync("/health/live")),
            ("signed-in page", await signedIn.GetAsync("/")),
            ("api", await signedIn.GetAsync("/api/v1/staff")),
            ("api not found", await signedIn.GetAsync($"/api/v1/staff/{Guid.NewGuid()}")),
            ("bad form post", await anonymous.PostAsync("/account/sign-in", new FormUrlEncodedContent([]))),
        };

        foreach (var (what, response) in responses)
        {
            var csp = response.Headers.TryGetValues("Content-Security-Policy", out var values) ? values.Single() : "";
            Assert.True(csp.Contains("script-src 'self'", StringComparison.Ordinal) && !csp.Contains("unsafe-inline", StringComparison.Ordinal), $"{what}: CSP '{csp}'");
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) && nosniff.Single() == "nosniff", what);
            Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer) && referrer.Single() == "no-referrer", what);
        }
        Assert.Equal(HttpStatusCode.NotFound, responses.Single(r => r.What == "not found").Response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, responses.Single(r => r.What == "bad form post").Response.StatusCode);
        Assert.True(responses.Single(r => r.What == "signed-in page").Response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Under_https_cookies_use_the_host_prefix_and_hsts_is_sent()
    {
        await using var app = await BeaconApp.StartAsync(DatabaseProvider.Sqlite, a => a.WithSetting("Security:RequireHttps", "true"));
        var practice = await app.CreatePracticeAsync();
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

        var page = await client.GetAsync("/account/sign-in");
        var token = Html.Token(await Html.ParseAsync(page))!;
        var signIn = await client.PostFormWithTokenAsync("/account/sign-in", [Html.F("Input.Email", account.Email), Html.F("Input.Password", account.Password)], token);

        Assert.True(page.Headers.TryGetValues("Strict-Transport-Security", out var hsts) && hsts.Single().Contains("max-age=31536000", StringComparison.Ordinal));
        var cookies = page.Headers.GetValues("Set-Cookie").Concat(signIn.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith("__Host-Beacon=", StringComparison.Ordinal));
        Assert.All(cookies, c =>
        {
            Assert.StartsWith("__Host-", c, StringComparison.Ordinal);
            Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("path=/", c, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("domain=", c, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Contains(cookies, c => c.StartsWith("__Host-Beacon=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));

        // Plain http is sent to https.
        var plain = await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/account/sign-in");
        Assert.Equal(HttpStatusCode.RedirectKeepVerb, plain.StatusCode);
    }

    [Fact]
    public async Task Health_endpoints_report_status_only()
    {
        await using var app = await BeaconApp.StartAsync(DatabaseProvider.Sqlite);
        var client = app.NewClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task A_forged_forwarded_for_header_is_ignored()
    {
        await using var app = await BeaconApp.StartAsync(DatabaseProvider.Sqlite, a => a.WithSetting("RateLimits:SignInPerMinute", "2"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            // An attacker rotating X-Forwarded-For must not get a fresh rate-limit budget each time.
            var client = app.NewClient();
            var token = await client.GetAntiforgeryTokenAsync();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
            {
                Content = new FormUrlEncodedContent([Html.F("Input.Email", "x@example.test"), Html.F("Input.Password", "some long password here"), Html.F("__RequestVerificationToken", token)]),
            };
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}
