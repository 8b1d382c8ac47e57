using System.Globalization;
using Quartz;

namespace Beacon.Features.Scheduling;

/// <summary>
/// The one Quartz job class: runs the registered work named by its job key in a fresh DI scope. A failed run
/// is logged and left to the next interval (the work is idempotent and picks up what is still due); it is not
/// re-fired at once, so a broken dependency cannot spin a node.
/// </summary>
internal sealed class ScheduledWorkJob(
    IServiceScopeFactory scopes,
    IEnumerable<ScheduledWorkRegistration> registrations,
    SchedulerActivity activity,
    ILogger<ScheduledWorkJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = context.JobDetail.Key.Name;
        var registration = registrations.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
        if (registration is null)
        {
            // A job stored by a node with a feature this node does not have (e.g. during a rolling upgrade).
            logger.LogWarning("Scheduled work {Work} is not registered on this node; run skipped", name);
            return;
        }

        var fireTime = FireTimeOf(context);
        var node = context.Scheduler.SchedulerInstanceId;
        activity.Started(name, fireTime, node, context.Recovering);
        // Routine runs (the outbox every few seconds) log at Debug; a recovered run is worth an Information line.
        if (context.Recovering)
        {
            logger.LogInformation("Scheduled work {Work} for {FireTime:o} recovered on {Node} (an interrupted run repeated)", name, fireTime, node);
        }
        else
        {
            logger.LogDebug("Scheduled work {Work} for {FireTime:o} started on {Node}", name, fireTime, node);
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await registration.Create(scope.ServiceProvider).RunAsync(fireTime, cancellationToken);
            activity.Finished(name, fireTime, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity.Finished(name, fireTime, ex.GetType().Name);
            logger.LogError(ex, "Scheduled work {Work} for {FireTime:o} failed on {Node}", name, fireTime, node);
            throw new JobExecutionException(ex) { RefireImmediately = false };
        }
    }

    /// <summary>
    /// The scheduled fire time of this run; for a recovered run, that of the interrupted run it repeats (Quartz
    /// passes it in the recovery trigger's data), so the repeat does the same work as the original.
    /// </summary>
    internal static DateTimeOffset FireTimeOf(IJobExecutionContext context)
    {
        if (context.Recovering
            && context.MergedJobDataMap.TryGetValue(SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime, out var original)
            && ParseTime(original) is { } originalTime)
        {
            return originalTime;
        }
        return context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
    }

    private static DateTimeOffset? ParseTime(object? value) => value switch
    {
        DateTimeOffset time => time,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        long milliseconds => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
        string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) => time,
        _ => null,
    };
}
