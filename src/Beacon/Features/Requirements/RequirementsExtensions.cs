namespace Beacon.Features.Requirements;

public static class RequirementsExtensions
{
    public static WebApplicationBuilder AddRequirements(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<JurisdictionCatalog>();
        builder.Services.AddHostedService<JurisdictionStartupCheck>();
        builder.Services.AddScoped<RequirementViews>();
        builder.Services.AddScoped<OutsideCertificates>();
        return builder;
    }
}

/// <summary>Loads the jurisdiction catalogue as the app starts, so a broken file stops the start with file and line.</summary>
internal sealed class JurisdictionStartupCheck(JurisdictionCatalog catalog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = catalog.States;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
