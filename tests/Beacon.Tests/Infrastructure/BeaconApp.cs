using System.Collections.Concurrent;
using Beacon.Data;
using Beacon.Features.Email;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Beacon.Tests.Infrastructure;

/// <summary>
/// Beacon in-process on its own fresh database (a temp-dir SQLite file, or a new PostgreSQL database copied
/// from the migrated template), with the clock under the test's control and mail going to <see cref="SmtpSink"/>.
/// Create one per test: <c>await using var app = await BeaconApp.StartAsync(provider);</c>
/// </summary>
public class BeaconApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);
    private readonly List<Action<IServiceCollection>> _services = [];
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("beacon-test-").FullName;
    private PostgresDatabase? _postgres;
    private bool _ownsPostgres = true;
    private bool _realClock;

    static BeaconApp()
    {
        // Dozens of test hosts would each hold inotify watchers (config reload, asp-append-version) and hit
        // the per-user limit; polling watchers need none.
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    protected BeaconApp(DatabaseProvider provider)
    {
        Provider = provider;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The app's clock: starts on a fixed Monday afternoon (UTC) and moves only when a test says so.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero));

    /// <summary>Every log line the app wrote, formatted, for "nothing sensitive in logs" checks.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    public PostgresDatabase? Postgres => _postgres;

    public string DataDirectory => _dataDirectory;

    public static Task<BeaconApp> StartAsync(DatabaseProvider provider, Action<BeaconApp>? configure = null) =>
        StartAsync(new BeaconApp(provider), configure);

    protected static async Task<T> StartAsync<T>(T app, Action<BeaconApp>? configure)
        where T : BeaconApp
    {
        configure?.Invoke(app);
        if (app.Provider == DatabaseProvider.Postgres && app._postgres is null)
        {
            app._postgres = await TestDatabases.CreatePostgresAsync();
        }
        app.StartServer();
        return app;
    }

    public BeaconApp WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>
    /// A second Beacon node on the same PostgreSQL database as <paramref name="other"/> (cluster tests). The
    /// database stays <paramref name="other"/>'s: dropped when that app is disposed, not this one.
    /// </summary>
    public BeaconApp SharingDatabaseWith(BeaconApp other)
    {
        _postgres = other._postgres ?? throw new InvalidOperationException("Only a started PostgreSQL app can share its database.");
        _ownsPostgres = false;
        return this;
    }

    /// <summary>
    /// The app keeps the system clock instead of <see cref="Time"/> (scheduler tests: Quartz waits on the app's
    /// clock, and a fake one never moves).
    /// </summary>
    public BeaconApp WithRealClock()
    {
        _realClock = true;
        return this;
    }

    public BeaconApp WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("hostBuilder:reloadConfigOnChange", "false");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("Database:DataDirectory", _dataDirectory);
        if (_postgres is not null)
        {
            builder.UseSetting("Database:ConnectionString", _postgres.AppConnectionString);
            builder.UseSetting("Database:OwnerConnectionString", _postgres.OwnerConnectionString);
        }
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", SmtpSink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Security", "None");
        builder.UseSetting("Smtp:FromAddress", "beacon@beacon.test");
        // Tests deliver mail explicitly (DeliverEmailsAsync) so nothing races them.
        builder.UseSetting("Smtp:SenderEnabled", "false");
        // No scheduler unless a test asks for one (scheduling tests switch it on).
        builder.UseSetting("Scheduling:Enabled", "false");
        builder.UseSetting("Security:PublicBaseUrl", "http://localhost");
        builder.UseSetting("RateLimits:SignInPerMinute", "1000");
        builder.UseSetting("RateLimits:PublicPerMinute", "1000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddProvider(new CollectingLoggerProvider(Logs));
        });
        builder.ConfigureTestServices(services =>
        {
            if (!_realClock)
            {
                services.AddSingleton<TimeProvider>(Time);
            }
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, LoopbackClientAddress>();
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }

    /// <summary>A scope acting for the installation (every practice visible), for arranging and checking data.</summary>
    public async Task<T> WithDbAsync<T>(Func<BeaconDbContext, Task<T>> work, Guid? practiceId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        if (practiceId is { } id)
        {
            tenant.ActForPractice(id);
        }
        else
        {
            tenant.ActAsSystem();
        }
        var db = scope.ServiceProvider.GetRequiredService<BeaconDbContext>();
        return await work(db);
    }

    public Task WithDbAsync(Func<BeaconDbContext, Task> work, Guid? practiceId = null) =>
        WithDbAsync(async db => { await work(db); return 0; }, practiceId);

    /// <summary>Runs the outbox sender once, as the background service would.</summary>
    public async Task<int> DeliverEmailsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see them.</summary>
    public HttpClient NewClient(string baseAddress = "http://localhost") =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(baseAddress) });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgres is not null && _ownsPostgres)
        {
            await TestDatabases.DropPostgresAsync(_postgres);
        }
        if (Provider == DatabaseProvider.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing background task: the OS temp cleaner takes it.
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>The in-memory test server has no client address; give requests the loopback one Kestrel would.</summary>
    private sealed class LoopbackClientAddress : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CollectingLogger(categoryName, sink);

        public void Dispose()
        {
        }
    }

    private sealed class CollectingLogger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

public static class DbSetExtensions
{
    public static IQueryable<T> All<T>(this DbSet<T> set)
        where T : class => set.IgnoreQueryFilters();
}
