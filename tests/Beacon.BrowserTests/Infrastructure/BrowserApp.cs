using Beacon.Data;
using Beacon.Tests.Infrastructure;

namespace Beacon.BrowserTests.Infrastructure;

/// <summary>Beacon on a real Kestrel server on a free loopback port, so Chromium can reach it.</summary>
public sealed class BrowserApp : BeaconApp
{
    private BrowserApp(DatabaseProvider provider) : base(provider)
    {
        UseKestrel(0);
    }

    public string BaseUrl => ClientOptions.BaseAddress.ToString().TrimEnd('/');

    public static new Task<BrowserApp> StartAsync(DatabaseProvider provider, Action<BeaconApp>? configure = null) =>
        StartAsync(new BrowserApp(provider), configure);
}
