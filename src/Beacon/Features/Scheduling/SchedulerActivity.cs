using System.Collections.Concurrent;

namespace Beacon.Features.Scheduling;

/// <summary>The last run of each work on this node, for logs, health and the operator's view.</summary>
public sealed record ScheduledRun(string Work, DateTimeOffset FireTime, string Node, bool Recovering, bool Running, string? Error);

/// <summary>What this node's scheduler has run lately (in memory; each node knows its own runs).</summary>
public sealed class SchedulerActivity
{
    private readonly ConcurrentDictionary<string, ScheduledRun> _last = new(StringComparer.Ordinal);

    public IReadOnlyCollection<ScheduledRun> LastRuns => [.. _last.Values.OrderBy(r => r.Work, StringComparer.Ordinal)];

    internal void Started(string work, DateTimeOffset fireTime, string node, bool recovering) =>
        _last[work] = new ScheduledRun(work, fireTime, node, recovering, Running: true, Error: null);

    internal void Finished(string work, DateTimeOffset fireTime, string? error) =>
        _last.AddOrUpdate(work,
            _ => new ScheduledRun(work, fireTime, "", false, Running: false, error),
            (_, run) => run with { Running = false, Error = error });
}
