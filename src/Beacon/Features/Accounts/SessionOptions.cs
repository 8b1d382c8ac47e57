using System.ComponentModel.DataAnnotations;

namespace Beacon.Features.Accounts;

public sealed class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>A session with no request for this long ends.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after sign-in however active it is.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Failed sign-ins in a row before an account is locked for <see cref="LockoutDuration"/>.</summary>
    [Range(3, 100)]
    public int MaxFailedSignIns { get; set; } = 10;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}
