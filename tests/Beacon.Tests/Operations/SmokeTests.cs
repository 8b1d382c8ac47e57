using System.Net;
using Beacon.Data;
using Beacon.Tests.Infrastructure;

namespace Beacon.Tests.Operations;

public sealed class SmokeTests
{
    [Theory, DatabaseData]
    public async Task Sign_in_page_is_served_with_security_headers(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var client = app.NewClient();

        var response = await client.GetAsync("/account/sign-in");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory, DatabaseData]
    public async Task Practice_admin_signs_in_and_sees_the_practice(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var admin = await app.CreateAccountAsync(practice.PracticeId, "PracticeAdmin");

        var client = await app.SignInAsync(admin);
        var home = await client.GetPageAsync("/");

        Assert.Contains(practice.Name, home.Body!.TextContent, StringComparison.Ordinal);
    }
}
