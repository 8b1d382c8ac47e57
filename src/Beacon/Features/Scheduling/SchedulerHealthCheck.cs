using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Quartz;

namespace Beacon.Features.Scheduling;

/// <summary>
/// Part of /health/ready: a node that should run the scheduler is ready only while its scheduler is running
/// (not still starting, on standby or shut down). A node with scheduling switched off is not held back.
/// </summary>
internal sealed class SchedulerHealthCheck(IOptions<SchedulingOptions> options, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled)
        {
            return HealthCheckResult.Healthy("Scheduling is switched off on this node.");
        }
        var factory = services.GetService<ISchedulerFactory>();
        if (factory is null)
        {
            return HealthCheckResult.Unhealthy("The scheduler is not configured.");
        }
        var scheduler = await factory.GetScheduler(cancellationToken);
        return scheduler.Status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy($"Scheduler {scheduler.SchedulerInstanceId} is running.")
            : HealthCheckResult.Unhealthy($"Scheduler {scheduler.SchedulerInstanceId} is {scheduler.Status}.");
    }
}
