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
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = builder.Configuration.GetValue<bool>("Security:RequireHttps") ? "__Host-Beacon-af" : "Beacon-af";
            o.Cookie.SecurePolicy = builder.Configuration.GetValue<bool>("Security:RequireHttps")
                ? CookieSecurePolicy.Always
                : CookieSecurePolicy.SameAsRequest;
            o.HeaderName = "X-CSRF-TOKEN";
        });
        return builder;
    }

    public static WebApplication MapPages(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }
}
