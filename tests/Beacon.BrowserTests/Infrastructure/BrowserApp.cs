using Beacon.BrowserTests.Pages;
using Beacon.Data;
using Beacon.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Beacon.BrowserTests.Infrastructure;

/// <summary>Beacon on a real Kestrel server on a free loopback port, so Chromium can reach it.</summary>
public sealed class BrowserApp : BeaconApp
{
    private BrowserApp(DatabaseProvider provider) : base(provider)
    {
        UseKestrel(0);
    }

    public string BaseUrl => ClientOptions.BaseAddress.ToString().TrimEnd('/');

    /// <summary>Signs <paramref name="account"/> in through the sign-in form and waits to leave it.</summary>
    public async Task SignInAsync(IPage page, AccountSeed account)
    {
        await page.GotoAsync(BaseUrl + "/account/sign-in");
        await new SignInPage(page).SignInAsync(account.Email, account.Password);
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
    }

    public static new Task<BrowserApp> StartAsync(DatabaseProvider provider, Action<BeaconApp>? configure = null) =>
        StartAsync(new BrowserApp(provider), configure);
}
