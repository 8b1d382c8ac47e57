using System.Threading.Channels;
using Beacon.Data;
using Beacon.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Roster;

/// <summary>Uploaded imports waiting to be checked on this node.</summary>
public sealed class PendingRosterImports
{
    private readonly Channel<Guid> _channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public ValueTask EnqueueAsync(Guid importId, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync(importId, cancellationToken);

    public IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken cancellationToken) =>
        _channel.Reader.ReadAllAsync(cancellationToken);
}

/// <summary>
/// Checks uploaded roster files in the background, one at a time, each in its own scope acting for the import's
/// practice. A failed check is logged and the import marked Failed, so the administrator is never left waiting.
/// Every few hours it also closes previews nobody applied, so staff lists do not linger on disk.
/// </summary>
public sealed class RosterImportWorker(IServiceScopeFactory scopes, PendingRosterImports queue, TimeProvider time, ILogger<RosterImportWorker> logger) : BackgroundService
{
    /// <summary>A preview not applied or discarded within this time is closed and its file deleted.</summary>
    public static readonly TimeSpan PreviewLifetime = TimeSpan.FromDays(14);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromHours(6);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the first request: whatever was being checked or applied when Beacon stopped will never finish.
        try
        {
            await FailInterruptedAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Could not close roster imports interrupted by the last shutdown");
        }
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(CheckUploadsAsync(stoppingToken), SweepAsync(stoppingToken));

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepInterval, time);
        do
        {
            try
            {
                await ExpireStalePreviewsAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Closing stale roster import previews failed");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task CheckUploadsAsync(CancellationToken stoppingToken)
    {
        await foreach (var importId in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var services = scope.ServiceProvider;
                var tenant = services.GetRequiredService<TenantContext>();
                tenant.ActAsSystem();
                var practiceId = await services.GetRequiredService<BeaconDbContext>().RosterImports.IgnoreQueryFilters()
                    .Where(i => i.Id == importId)
                    .Select(i => (Guid?)i.PracticeId)
                    .FirstOrDefaultAsync(stoppingToken);
                if (practiceId is null)
                {
                    continue;
                }
                tenant.ActForPractice(practiceId.Value);
                services.GetRequiredService<AuditActor>().ActAs(null, "Roster import");
                await services.GetRequiredService<RosterImporter>().PreviewAsync(importId, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Checking roster import {ImportId} failed", importId);
                await FailAsync(importId, "Beacon could not finish checking this file. Nothing on the roster was changed. Upload the file again; if it keeps failing, tell your Beacon provider.");
            }
        }
    }

    private async Task FailAsync(Guid importId, string message)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem();
            var db = scope.ServiceProvider.GetRequiredService<BeaconDbContext>();
            var import = await db.RosterImports.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(i => i.Id == importId);
            if (import is null)
            {
                return;
            }
            await db.RosterImports.IgnoreQueryFilters()
                .Where(i => i.Id == importId && i.Status == RosterImportStatus.Validating)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, RosterImportStatus.Failed).SetProperty(i => i.FileError, message));
            RosterImporter.DeleteFile(scope.ServiceProvider.GetRequiredService<RosterImporter>().FileOf(import.PracticeId, import.Id));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not mark roster import {ImportId} as failed", importId);
        }
    }

    /// <summary>Closes previews older than <see cref="PreviewLifetime"/> in every practice and deletes their files.</summary>
    internal async Task ExpireStalePreviewsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDbContext>();
        var importer = scope.ServiceProvider.GetRequiredService<RosterImporter>();
        var cutoff = time.GetUtcNow().UtcDateTime - PreviewLifetime;
        var stale = await db.RosterImports.IgnoreQueryFilters()
            .Where(i => i.Status == RosterImportStatus.Previewed && i.PreviewedAt < cutoff)
            .Select(i => new { i.Id, i.PracticeId })
            .ToListAsync(cancellationToken);
        foreach (var import in stale)
        {
            var closed = await db.RosterImports.IgnoreQueryFilters()
                .Where(i => i.Id == import.Id && i.Status == RosterImportStatus.Previewed)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(i => i.Status, RosterImportStatus.Rejected)
                    .SetProperty(i => i.FileError, $"This preview was not applied within {PreviewLifetime.TotalDays:0} days, so Beacon closed it and deleted the file. Nothing on the roster was changed. Upload the file again to import it."),
                    cancellationToken);
            if (closed == 1)
            {
                RosterImporter.DeleteFile(importer.FileOf(import.PracticeId, import.Id));
            }
        }
        if (stale.Count > 0)
        {
            logger.LogInformation("Closed {Count} roster import previews older than {Days} days", stale.Count, PreviewLifetime.TotalDays);
        }
    }

    internal async Task FailInterruptedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDbContext>();
        var importer = scope.ServiceProvider.GetRequiredService<RosterImporter>();
        var interrupted = await db.RosterImports.IgnoreQueryFilters()
            .Where(i => i.Status == RosterImportStatus.Validating || i.Status == RosterImportStatus.Applying)
            .Select(i => new { i.Id, i.PracticeId })
            .ToListAsync(cancellationToken);
        if (interrupted.Count == 0)
        {
            return;
        }
        var ids = interrupted.Select(i => i.Id).ToList();
        await db.RosterImports.IgnoreQueryFilters()
            .Where(i => ids.Contains(i.Id) && (i.Status == RosterImportStatus.Validating || i.Status == RosterImportStatus.Applying))
            .ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Status, RosterImportStatus.Failed)
                .SetProperty(i => i.FileError, "Beacon was restarted while it was working on this file, so it was interrupted. Nothing on the roster was changed. Upload the file again."),
                cancellationToken);
        foreach (var import in interrupted)
        {
            RosterImporter.DeleteFile(importer.FileOf(import.PracticeId, import.Id));
        }
        logger.LogWarning("Marked {Count} roster imports interrupted by the last shutdown as failed at {At}", interrupted.Count, time.GetUtcNow());
    }
}
