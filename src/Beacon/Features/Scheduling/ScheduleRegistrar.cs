using Microsoft.Extensions.Options;
using Quartz;

namespace Beacon.Features.Scheduling;

/// <summary>
/// Puts each registered work's job and trigger into the job store before the scheduler starts. Every node
/// does this at start; a trigger that already has the wanted schedule is left alone, so a node joining the
/// cluster neither resets the schedule nor loses a missed run that the misfire policy still has to handle.
/// Triggers start on a multiple of their interval since the Unix epoch, so every node computes the same
/// schedule (a 15-minute scan runs at :00, :15, :30 and :45).
/// </summary>
internal sealed class ScheduleRegistrar(
    ISchedulerFactory schedulers,
    IEnumerable<ScheduledWorkRegistration> registrations,
    IOptions<SchedulingOptions> options,
    ILogger<ScheduleRegistrar> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var registration in registrations)
        {
            var interval = IntervalOf(registration, options.Value);
            var jobKey = new JobKey(registration.Name, SchedulingExtensions.Group);
            var job = JobBuilder.Create<ScheduledWorkJob>()
                .WithIdentity(jobKey)
                .WithDescription($"Beacon scheduled work '{registration.Name}'")
                // A run on a node that dies is re-run by another node (cluster) or at the next start (SQLite).
                .RequestRecovery()
                // One run of a given work at a time across the cluster; a run that overlaps the next
                // interval delays it instead of running beside it.
                .DisallowConcurrentExecution()
                .StoreDurably()
                .Build();
            await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);

            var triggerKey = new TriggerKey(registration.Name, SchedulingExtensions.Group);
            var misfire = registration.WhenMissed == MissedRunPolicy.RunOnceNow
                ? CalendarIntervalTriggerMisfireInstruction.FireAndProceed
                : CalendarIntervalTriggerMisfireInstruction.DoNothing;
            var seconds = (int)Math.Round(interval.TotalSeconds);
            if (await scheduler.GetTrigger(triggerKey, cancellationToken) is ICalendarIntervalTrigger existing
                && existing.RepeatIntervalUnit == IntervalUnit.Second
                && existing.RepeatInterval == seconds
                && existing.MisfireInstruction == misfire
                && existing.JobKey.Equals(jobKey))
            {
                continue;
            }

            var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
                .WithIdentity(triggerKey)
                .ForJob(jobKey)
                .StartAt(NextBoundary(scheduler.TimeProvider.GetUtcNow(), TimeSpan.FromSeconds(seconds)))
                .WithSchedule(CalendarIntervalScheduleBuilder.Create()
                    .WithInterval(seconds, IntervalUnit.Second)
                    .WithMisfireInstruction(misfire))
                .Build();
            await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, cancellationToken);
            logger.LogInformation("Scheduled work {Work} every {Interval}; missed runs: {Policy}", registration.Name, interval, registration.WhenMissed);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static TimeSpan IntervalOf(ScheduledWorkRegistration registration, SchedulingOptions options) =>
        options.Intervals.TryGetValue(registration.Name, out var configured) && configured >= TimeSpan.FromSeconds(1)
            ? configured
            : registration.Interval;

    /// <summary>The first multiple of <paramref name="interval"/> (counted from the Unix epoch) after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextBoundary(DateTimeOffset now, TimeSpan interval)
    {
        var sinceEpoch = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var next = (sinceEpoch / interval.Ticks + 1) * interval.Ticks;
        return DateTimeOffset.UnixEpoch.AddTicks(next);
    }
}
