using Beacon.Features.Courses;
using Beacon.Features.ReferralDirectory;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Toolkit;

public static class ToolkitExtensions
{
    public static WebApplicationBuilder AddToolkit(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ToolkitCatalog>();
        builder.Services.AddHostedService<ToolkitStartupCheck>();
        builder.Services.AddScoped<HotlineDetails>();
        builder.Services.AddScoped<PracticeProtocols>();
        return builder;
    }
}

/// <summary>The checked toolkit content, loaded once; a problem in it stops the start with file and line.</summary>
public sealed class ToolkitCatalog
{
    public ToolkitCatalog(IOptions<ContentOptions> options)
    {
        var result = ToolkitLoader.Load(options.Value.Resolve());
        if (result.Content is null)
        {
            throw new InvalidOperationException("content/toolkit has problems:\n" + string.Join("\n", result.Problems.Select(p => $"{ToolkitLoader.Folder}/{p}")));
        }
        Content = result.Content;
    }

    public ToolkitContent Content { get; }
}

/// <summary>Loads the toolkit content as the app starts, so a broken file stops the start with file and line.</summary>
internal sealed class ToolkitStartupCheck(ToolkitCatalog catalog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = catalog.Content;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Where the toolkit's {{hotline.*}} placeholders get their values: the national entries the provider keeps in the
/// database (seeded from content/resources/national.yaml, edited with a "last verified" date), so a change there
/// shows on every toolkit page at once.
/// </summary>
public sealed class HotlineDetails(NationalResourceService resources)
{
    public Task<NationalResource?> HotlineAsync(CancellationToken cancellationToken) => resources.HotlineAsync(cancellationToken);
}
