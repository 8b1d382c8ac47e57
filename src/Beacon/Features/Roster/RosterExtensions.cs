namespace Beacon.Features.Roster;

public static class RosterExtensions
{
    public static WebApplicationBuilder AddRoster(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
