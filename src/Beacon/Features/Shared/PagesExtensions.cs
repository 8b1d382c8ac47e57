namespace Beacon.Features.Shared;

public static class PagesExtensions
{
    public static WebApplicationBuilder AddPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddRouting(o => o.LowercaseUrls = true);
        builder.Services.AddRazorPages(o =>
        {
            // A page is a slice of its feature: Features/<Feature>/<Page>.cshtml.
            o.RootDirectory = "/Features";
        });
        // Under HTTPS every cookie is __Host- prefixed: Secure, no Domain, Path=/.
        var https = builder.Configuration.GetValue<bool>("Security:RequireHttps");
        var secure = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = https ? "__Host-Beacon-af" : "Beacon-af";
            o.Cookie.SecurePolicy = secure;
            o.Cookie.Path = "/";
            o.HeaderName = "X-CSRF-TOKEN";
        });
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = https ? "__Host-Beacon-msg" : "Beacon-msg";
            o.Cookie.SecurePolicy = secure;
            o.Cookie.Path = "/";
        });
        return builder;
    }

    public static WebApplication MapPages(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }
}
