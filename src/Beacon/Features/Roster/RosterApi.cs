using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Roster;

/// <summary>Read access to the roster for HR and reporting systems: /api/v1/staff.</summary>
public static class RosterApi
{
    public sealed record StaffItem(
        Guid Id, string FirstName, string LastName, string Email, string? EmployeeId, string JobRole,
        Guid SiteId, DateOnly? HireDate, Guid? ManagerId, string? LicenceType, string? LicenceState,
        DateOnly? LicenceExpiry, bool Active);

    public sealed record StaffPage(IReadOnlyList<StaffItem> Items, int Page, int PageSize, int Total);

    public static IEndpointRouteBuilder MapRosterApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff")
            .RequireAuthorization(Policies.PracticeAdmin)
            .WithTags("Roster");

        group.MapGet("/", ListAsync).WithName("ListStaff");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetStaff");
        return app;
    }

    private static async Task<Results<Ok<StaffPage>, ValidationProblem>> ListAsync(BeaconDbContext db, int? page, int? pageSize, bool? active, CancellationToken cancellationToken)
    {
        var size = pageSize ?? 100;
        var number = page ?? 1;
        if (size is < 1 or > 1000 || number < 1)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["pageSize"] = ["pageSize must be between 1 and 1000, and page at least 1."],
            });
        }
        var query = db.StaffMembers.AsNoTracking();
        if (active is { } isActive)
        {
            query = query.Where(s => s.Active == isActive);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderBy(s => s.LastName).ThenBy(s => s.FirstName).ThenBy(s => s.Id)
            .Skip((number - 1) * size).Take(size)
            .Select(s => new StaffItem(s.Id, s.FirstName, s.LastName, s.Email, s.EmployeeId, s.JobRole, s.SiteId, s.HireDate, s.ManagerId, s.LicenceType, s.LicenceState, s.LicenceExpiry, s.Active))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new StaffPage(items, number, size, total));
    }

    private static async Task<Results<Ok<StaffItem>, NotFound>> GetAsync(Guid id, BeaconDbContext db, CancellationToken cancellationToken)
    {
        var item = await db.StaffMembers.AsNoTracking()
            .Where(s => s.Id == id)
            .Select(s => new StaffItem(s.Id, s.FirstName, s.LastName, s.Email, s.EmployeeId, s.JobRole, s.SiteId, s.HireDate, s.ManagerId, s.LicenceType, s.LicenceState, s.LicenceExpiry, s.Active))
            .FirstOrDefaultAsync(cancellationToken);
        return item is null ? TypedResults.NotFound() : TypedResults.Ok(item);
    }
}
