using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Roster;

/// <summary>The practice's staff: search, filter by site, role and status, 50 to a page.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class IndexModel(BeaconDbContext db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Site { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Role { get; set; }

    /// <summary>active (the default), inactive or all.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    /// <summary>name (A to Z, the default) or -name.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    // "page" is Razor Pages' own route value, so the page number travels as "p".
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<StaffRow> Staff { get; private set; } = [];
    public IReadOnlyList<SiteOption> Sites { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public bool Descending => string.Equals(Sort, "-name", StringComparison.Ordinal);
    public string StatusFilter => Status is "inactive" or "all" ? Status : "active";
    public bool Filtered => !string.IsNullOrWhiteSpace(Q) || Site is not null || !string.IsNullOrEmpty(Role) || StatusFilter != "active";

    public sealed record StaffRow(Guid Id, string FirstName, string LastName, string Email, string? EmployeeId, string JobRole, Guid SiteId, bool Active);
    public sealed record SiteOption(Guid Id, string Name, bool Active);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Sites = await db.Sites.AsNoTracking()
            .OrderBy(s => s.Name)
            .Select(s => new SiteOption(s.Id, s.Name, s.Active))
            .ToListAsync(cancellationToken);

        var query = db.StaffMembers.AsNoTracking();
        query = StatusFilter switch
        {
            "inactive" => query.Where(s => !s.Active),
            "all" => query,
            _ => query.Where(s => s.Active),
        };
        if (Site is { } siteId)
        {
            query = query.Where(s => s.SiteId == siteId);
        }
        if (!string.IsNullOrEmpty(Role))
        {
            query = query.Where(s => s.JobRole == Role);
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim().ToLowerInvariant();
            // LOWER() in SQL on both databases; emails are stored lower-case already.
#pragma warning disable CA1304, CA1311, CA1862
            query = query.Where(s =>
                s.Email.Contains(term) ||
                (s.FirstName + " " + s.LastName).ToLower().Contains(term) ||
                (s.LastName + ", " + s.FirstName).ToLower().Contains(term) ||
                (s.EmployeeId != null && s.EmployeeId.ToLower().Contains(term)));
#pragma warning restore CA1304, CA1311, CA1862
        }

        Total = await query.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var ordered = Descending
            ? query.OrderByDescending(s => s.LastName).ThenByDescending(s => s.FirstName).ThenByDescending(s => s.Id)
            : query.OrderBy(s => s.LastName).ThenBy(s => s.FirstName).ThenBy(s => s.Id);
        Staff = await ordered
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize)
            .Select(s => new StaffRow(s.Id, s.FirstName, s.LastName, s.Email, s.EmployeeId, s.JobRole, s.SiteId, s.Active))
            .ToListAsync(cancellationToken);
    }

    public string SiteName(Guid id) => Sites.FirstOrDefault(s => s.Id == id)?.Name ?? "";

    /// <summary>This list with the same filters, on another page or in another order.</summary>
    public string Link(int? page = null, string? sort = null)
    {
        var query = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            query["q"] = Q.Trim();
        }
        if (Site is { } site)
        {
            query["site"] = site.ToString();
        }
        if (!string.IsNullOrEmpty(Role))
        {
            query["role"] = Role;
        }
        if (StatusFilter != "active")
        {
            query["status"] = StatusFilter;
        }
        var order = sort ?? (Descending ? "-name" : null);
        if (order == "-name")
        {
            query["sort"] = order;
        }
        var number = page ?? PageNumber;
        if (number > 1)
        {
            query["p"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return QueryHelpers.AddQueryString("/roster", query);
    }
}
