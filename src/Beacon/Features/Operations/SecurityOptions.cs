namespace Beacon.Features.Operations;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Production runs behind HTTPS: HSTS, redirect to HTTPS, and __Host- cookies. The local demo on
    /// http://localhost leaves it off.
    /// </summary>
    public bool RequireHttps { get; set; }

    /// <summary>The HTTPS port plain-HTTP requests are redirected to.</summary>
    public int HttpsPort { get; set; } = 443;

    /// <summary>Reverse proxies whose X-Forwarded-For/-Proto are believed; nobody else's are.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>The address people use to reach Beacon, for links in emails (e.g. https://beacon.example.org).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
}
