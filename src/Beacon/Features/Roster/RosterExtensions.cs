using System.ComponentModel.DataAnnotations;

namespace Beacon.Features.Roster;

/// <summary>Limits and batch sizes of roster imports (section "RosterImport").</summary>
public sealed class RosterImportOptions
{
    public const string Section = "RosterImport";

    /// <summary>The largest file an administrator may upload: 20 MB holds far more than the largest roster.</summary>
    public const long MaxFileBytes = 20 * 1024 * 1024;

    /// <summary>A workbook whose parts add up to more than this when decompressed is refused (zip bomb).</summary>
    [Range(1024, 2L * 1024 * 1024 * 1024)]
    public long MaxUncompressedBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Rows beyond this make the file an error: the largest practice has about 50,000 staff.</summary>
    [Range(1, 1_000_000)]
    public int MaxRows { get; set; } = 100_000;

    /// <summary>Apply writes this many people per save and then forgets them, so memory stays flat.</summary>
    [Range(1, 10_000)]
    public int ApplyBatchSize { get; set; } = 1000;

    /// <summary>Validation reports its progress every this many rows.</summary>
    [Range(1, 100_000)]
    public int ProgressEvery { get; set; } = 1000;

    /// <summary>Problems beyond this are counted but not stored: the first ones are enough to fix the file.</summary>
    [Range(1, 1_000_000)]
    public int MaxStoredIssues { get; set; } = 50_000;

    /// <summary>The preview lists the first this many changes of each kind; counts are always complete.</summary>
    [Range(1, 100_000)]
    public int MaxStoredChangesPerKind { get; set; } = 2000;
}

public static class RosterExtensions
{
    public static WebApplicationBuilder AddRoster(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RosterImportOptions>()
            .BindConfiguration(RosterImportOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<PendingRosterImports>();
        builder.Services.AddScoped<RosterImporter>();
        builder.Services.AddHostedService<RosterImportWorker>();
        return builder;
    }
}
