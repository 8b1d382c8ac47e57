using System.Security.Claims;

namespace Beacon.Features.Audit;

/// <summary>Who is acting in this unit of work, and from where: the signed-in user, or a named job.</summary>
public sealed class AuditActor(IHttpContextAccessor httpContextAccessor)
{
    private (Guid? UserId, string? Name)? _override;

    public Guid? UserId => _override?.UserId ?? ParseUserId(httpContextAccessor.HttpContext?.User);

    public string? Name => _override?.Name ?? httpContextAccessor.HttpContext?.User.FindFirstValue(BeaconClaims.DisplayName);

    public string? IpAddress => httpContextAccessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    /// <summary>Background jobs and flows where nobody is signed in yet name the actor themselves.</summary>
    public void ActAs(Guid? userId, string name) => _override = (userId, name);

    private static Guid? ParseUserId(ClaimsPrincipal? user) =>
        Guid.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}

public static class BeaconClaims
{
    public const string DisplayName = "beacon:name";
    public const string PracticeId = "beacon:practice";
    public const string SessionId = "beacon:session";
}
