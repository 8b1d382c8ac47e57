using System.Security.Claims;
using System.Threading.RateLimiting;
using Beacon.Features.Operations;
using Microsoft.AspNetCore.RateLimiting;

namespace Beacon.Features.LiveSessions;

public static class LiveSessionsExtensions
{
    public static WebApplicationBuilder AddLiveSessions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CheckIns>();

        var perMinute = builder.Configuration.GetValue("RateLimits:CheckInPerMinute", 10);
        builder.Services.Configure<RateLimiterOptions>(limiter =>
            limiter.AddPolicy(RateLimits.CheckIn, context => CheckInPartition(context, perMinute)));
        return builder;
    }

    /// <summary>
    /// A code is six characters, so guessing is limited: each user, from each address, gets so many tries a
    /// minute. Everyone in a training room usually shares one public address, so the limit is never per
    /// address alone: someone guessing codes locks out only themselves. Opening the empty form is free, and
    /// so is a QR scan by someone not yet signed in: it only leads to the sign-in page (limited on its own),
    /// and a room of people scanning at once must not use up one shared allowance.
    /// </summary>
    private static RateLimitPartition<string> CheckInPartition(HttpContext context, int perMinute)
    {
        var user = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (user is null)
        {
            return RateLimitPartition.GetNoLimiter("signed-out");
        }
        if (HttpMethods.IsGet(context.Request.Method) && !context.Request.RouteValues.ContainsKey("code"))
        {
            return RateLimitPartition.GetNoLimiter("form");
        }
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter($"{user}|{address}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }
}
