using System.Net;
using System.Threading.RateLimiting;
using Beacon.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Beacon.Features.Operations;

public static class RateLimits
{
    /// <summary>Sign-in and MFA attempts: per client address.</summary>
    public const string SignIn = "sign-in";

    /// <summary>Pages anyone can reach without signing in (reset, invitation, setup, verification).</summary>
    public const string Public = "public";

    /// <summary>Session check-in codes: per signed-in user and address (registered by AddLiveSessions).</summary>
    public const string CheckIn = "check-in";
}

public static class OperationsExtensions
{
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateOnStart();
        var security = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        services.TryAddTimeProvider();
        services.AddHttpContextAccessor();

        // Telemetry: traces and metrics always collected; exported over OTLP when an endpoint is configured.
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("beacon"))
            .WithTracing(tracing => tracing
                .AddSource(Telemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(Telemetry.MeterName)
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Identity")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.WithTracing(t => t.AddOtlpExporter()).WithMetrics(m => m.AddOtlpExporter());
        }

        services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in security.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        if (security.RequireHttps)
        {
            services.AddHttpsRedirection(o => o.HttpsPort = security.HttpsPort);
            services.AddHsts(o =>
            {
                o.MaxAge = TimeSpan.FromDays(365);
                o.IncludeSubDomains = true;
                // Sent for every host name; the default skips localhost, which hides it from tests.
                o.ExcludedHosts.Clear();
            });
        }

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                return ValueTask.CompletedTask;
            };
            var signIn = builder.Configuration.GetValue("RateLimits:SignInPerMinute", 20);
            var publicPages = builder.Configuration.GetValue("RateLimits:PublicPerMinute", 60);
            limiter.AddPolicy(RateLimits.SignIn, context => PerClient(context, signIn, onlyPost: true));
            limiter.AddPolicy(RateLimits.Public, context => PerClient(context, publicPages, onlyPost: false));
        });

        services.AddProblemDetails();
        return builder;
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, int perMinute, bool onlyPost)
    {
        if (onlyPost && !HttpMethods.IsPost(context.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("get");
        }
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }

    /// <summary>Forwarded headers, HTTPS, error pages, headers and static files: the front of the pipeline.</summary>
    public static WebApplication UseOperations(this WebApplication app)
    {
        var security = app.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        // Empty known-proxy lists would make the middleware believe anyone, so with no proxy configured
        // forwarded headers are not read at all.
        if (security.KnownProxies.Length > 0)
        {
            app.UseForwardedHeaders();
        }
        app.UseSecurityHeaders();
        if (security.RequireHttps)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error/500",
            StatusCodeSelector = _ => StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePagesWithReExecute("/error/{0}");

        app.UseStaticFiles();
        // Bootstrap comes from npm at build time; serve only its dist folder, never the rest of node_modules.
        var bootstrap = Path.Combine(app.Environment.ContentRootPath, "node_modules", "bootstrap", "dist");
        if (Directory.Exists(bootstrap))
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(bootstrap),
                RequestPath = "/lib/bootstrap",
            });
        }
        return app;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        // Status only: no check names, no exception text.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live"), ResponseWriter = WriteStatus })
            .AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteStatus })
            .AllowAnonymous().DisableRateLimiting();
        return app;
    }

    private static Task WriteStatus(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(report.Status.ToString());
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    private sealed class DatabaseHealthCheck(BeaconDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                return await db.Database.CanConnectAsync(cancellationToken)
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy();
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy();
            }
        }
    }
}

public static class Telemetry
{
    public const string ActivitySourceName = "Beacon";
    public const string MeterName = "Beacon";
    public static readonly System.Diagnostics.ActivitySource ActivitySource = new(ActivitySourceName);
    public static readonly System.Diagnostics.Metrics.Meter Meter = new(MeterName);
}
