using System.ComponentModel.DataAnnotations;
using Beacon.Data;
using Quartz;

namespace Beacon.Features.Scheduling;

public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>Run the scheduler on this node. Off: this node serves pages only (another node runs the work).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// This node's id in the cluster (PostgreSQL). Empty: generated from the host name at start. Two running
    /// nodes must never share an id: the cluster would take one for the other.
    /// </summary>
    [MaxLength(100)]
    public string? NodeId { get; set; }

    /// <summary>How often a node writes its check-in row (PostgreSQL cluster).</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How late a node's check-in may be before the others declare it dead and recover its running work.
    /// Too short and a node paused by garbage collection or a slow disk is taken for dead (its work then
    /// runs twice, which the outbox and ledger make harmless); too long and recovery waits.
    /// </summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How late a run may start before it counts as missed and its <see cref="MissedRunPolicy"/> applies.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Runs executing at once on this node.</summary>
    [Range(1, 20)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Overrides of a work's interval by its name, e.g. <c>Scheduling:Intervals:outbox=00:00:10</c>.</summary>
    public Dictionary<string, TimeSpan> Intervals { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public static class SchedulingExtensions
{
    /// <summary>The Quartz scheduler name: every Beacon node on one database shares it, which makes them one cluster.</summary>
    public const string SchedulerName = "beacon";

    /// <summary>The job and trigger group every piece of Beacon work lives in.</summary>
    public const string Group = "beacon";

    /// <summary>
    /// Quartz with its ADO.NET job store in Beacon's own database (tables from Beacon's migrations): clustered on
    /// PostgreSQL, a single node on SQLite. Started and stopped by Quartz's hosted service, which waits for
    /// running work to finish on shutdown.
    /// </summary>
    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHealthChecks().AddCheck<SchedulerHealthCheck>("scheduler", tags: ["ready"]);
        services.AddSingleton<SchedulerActivity>();

        var settings = builder.Configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        if (!settings.Enabled)
        {
            return builder;
        }

        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = database.ResolveConnectionString(builder.Environment.ContentRootPath);
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = SchedulerName;
                if (string.IsNullOrWhiteSpace(settings.NodeId))
                {
                    scheduler.GenerateInstanceId = true;
                }
                else
                {
                    scheduler.InstanceId = settings.NodeId;
                }
            });
            // Quartz waits and fires on the app's TimeProvider (the system clock; tests of the scheduler keep it).
            quartz.UseDefaultThreadPool(settings.MaxConcurrency);
            quartz.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                if (database.Provider == DatabaseProvider.Postgres)
                {
                    store.UsePostgres(connectionString);
                    store.UseClustering(cluster =>
                    {
                        cluster.CheckinInterval = settings.CheckinInterval;
                        cluster.CheckinMisfireThreshold = settings.CheckinMisfireThreshold;
                    });
                }
                else
                {
                    // One node by definition (a local file); see docs/architecture.md.
                    store.UseSqlite(connectionString);
                }
                store.ConfigureStore(ado =>
                {
                    ado.TablePrefix = "QRTZ_";
                    // The tables come from Beacon's migrations; Quartz only checks they are there.
                    ado.SchemaProvisioning = SchemaProvisioning.Validate;
                    ado.MisfireThreshold = settings.MisfireThreshold;
                });
            });
        });
        // Registered before Quartz's hosted service, so the schedule is in place before the scheduler starts.
        services.AddHostedService<ScheduleRegistrar>();
        services.AddQuartzHostedService((QuartzHostedServiceOptions hosted) => hosted.WaitForJobsToComplete = true);
        return builder;
    }

    /// <summary>Registers recurring work by type (resolved in a fresh scope for every run).</summary>
    public static IServiceCollection AddScheduledWork<TWork>(this IServiceCollection services, string name, TimeSpan interval, MissedRunPolicy whenMissed)
        where TWork : class, IScheduledWork
    {
        services.AddScoped<TWork>();
        return services.AddScheduledWork(new ScheduledWorkRegistration(name, interval, whenMissed, provider => provider.GetRequiredService<TWork>()));
    }

    /// <summary>
    /// Registers recurring work as a delegate, e.g.
    /// <c>services.AddScheduledWork("reminder-scan", TimeSpan.FromMinutes(15), MissedRunPolicy.RunOnceNow, (s, now, ct) => s.GetRequiredService&lt;ReminderScan&gt;().RunAsync(now, ct));</c>
    /// </summary>
    public static IServiceCollection AddScheduledWork(this IServiceCollection services, string name, TimeSpan interval, MissedRunPolicy whenMissed,
        Func<IServiceProvider, DateTimeOffset, CancellationToken, Task> run) =>
        services.AddScheduledWork(new ScheduledWorkRegistration(name, interval, whenMissed, provider => new DelegateScheduledWork(provider, run)));

    private static IServiceCollection AddScheduledWork(this IServiceCollection services, ScheduledWorkRegistration registration)
    {
        if (string.IsNullOrWhiteSpace(registration.Name) || registration.Name.Length > 100)
        {
            throw new ArgumentException("Scheduled work needs a name of 1 to 100 characters.", nameof(registration));
        }
        if (registration.Interval < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"Scheduled work '{registration.Name}' needs an interval of at least one second.", nameof(registration));
        }
        services.AddSingleton(registration);
        return services;
    }
}
