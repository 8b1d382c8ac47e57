namespace Beacon.Features.Scheduling;

/// <summary>
/// A piece of recurring work run by the clustered scheduler. Implementations must be idempotent: a run can be
/// repeated after a node dies mid-run (Quartz recovers it on another node), so everything a run produces is
/// keyed (outbox rows by id, reminder ledger rows by a unique key) and a second run finds nothing left to do.
/// </summary>
public interface IScheduledWork
{
    /// <summary>
    /// Does the work that is due at <paramref name="now"/>: the run's scheduled fire time (for a recovered run,
    /// the fire time of the run that was interrupted), so a run can be repeated with the same answer.
    /// </summary>
    Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>What the scheduler does about runs that were due while no node could run them (all nodes down, overloaded).</summary>
public enum MissedRunPolicy
{
    /// <summary>Run once as soon as possible, however many runs were missed, then keep to the schedule.</summary>
    RunOnceNow,

    /// <summary>Skip the missed runs and wait for the next scheduled one (for work that polls often anyway).</summary>
    WaitForNext,
}

/// <summary>One registered piece of work: its name (the Quartz job and trigger key), its interval and its missed-run policy.</summary>
public sealed record ScheduledWorkRegistration(
    string Name,
    TimeSpan Interval,
    MissedRunPolicy WhenMissed,
    Func<IServiceProvider, IScheduledWork> Create);

/// <summary>Work given as a delegate, so a feature registers with one line and no adapter class.</summary>
internal sealed class DelegateScheduledWork(IServiceProvider services, Func<IServiceProvider, DateTimeOffset, CancellationToken, Task> run) : IScheduledWork
{
    public Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken) => run(services, now, cancellationToken);
}
