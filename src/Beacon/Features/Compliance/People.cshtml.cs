using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Requirements;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Compliance;

/// <summary>
/// The people behind a dashboard number: each assignment with today's state, due date and the due-date
/// engine's explanation in plain words, 50 to a page.
/// </summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class PeopleModel(BeaconDbContext db, TenantContext tenant, TimeProvider time) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Site { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Role { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Requirement { get; set; }

    // "page" is Razor Pages' own route value, so the page number travels as "p".
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public DateOnly Today { get; private set; }
    public string StatusFilter => ComplianceStatus.Normalise(Status);
    public ComplianceFilter Filter => new(Site, string.IsNullOrEmpty(Role) ? null : Role, Requirement);
    public IReadOnlyList<ComplianceOption> Sites { get; private set; } = [];
    public IReadOnlyList<ComplianceOption> Requirements { get; private set; } = [];
    public IReadOnlyList<PersonRow> People { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public sealed record PersonRow(Guid StaffMemberId, string FirstName, string LastName, Guid RequirementId, string RequirementName, Guid SiteId, string JobRole, DueState State, DateOnly? DueOn, DateOnly? ExemptUntil, string Explanation);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = await RequirementStatuses.TodayAsync(db, tenant.PracticeId, time.GetUtcNow().UtcDateTime, cancellationToken);
        Sites = await db.Sites.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new ComplianceOption(s.Id, s.Name, s.Active)).ToListAsync(cancellationToken);
        Requirements = await db.Requirements.AsNoTracking().OrderBy(r => r.Name)
            .Select(r => new ComplianceOption(r.Id, r.Name, r.Active)).ToListAsync(cancellationToken);

        var statuses = ComplianceStatus.Apply(StatusToday.Classify(Filter.Apply(db.RequirementStatuses.AsNoTracking()), Today), StatusFilter);
        Total = await statuses.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var rows = await (
                from s in statuses
                join p in db.StaffMembers on s.StaffMemberId equals p.Id
                join r in db.Requirements on s.RequirementId equals r.Id
                orderby p.LastName, p.FirstName, p.Id, r.Name, r.Id
                select new { s.StaffMemberId, p.FirstName, p.LastName, s.RequirementId, RequirementName = r.Name, s.SiteId, s.JobRole, s.State, s.DueOn, s.ExemptUntil })
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize)
            .ToListAsync(cancellationToken);

        // The engine explains only the rows on this page.
        var answers = await RequirementStatuses.ExplainAsync(db, tenant.PracticeId, [.. rows.Select(r => (r.StaffMemberId, r.RequirementId))], Today, cancellationToken);
        People = [.. rows.Select(r => new PersonRow(r.StaffMemberId, r.FirstName, r.LastName, r.RequirementId, r.RequirementName, r.SiteId, r.JobRole, r.State, r.DueOn, r.ExemptUntil,
            answers.TryGetValue((r.StaffMemberId, r.RequirementId), out var answer) ? answer.Explanation : ""))];
    }

    public string SiteName(Guid id) => Sites.FirstOrDefault(s => s.Id == id)?.Name ?? "Unknown site";

    public string Link(int page) => ComplianceLinks.PeopleWith(StatusFilter, Filter, page);

    /// <summary>What this list shows, in words: "Overdue — Annual in-service, North Clinic, Registered nurse".</summary>
    public string Description()
    {
        var parts = new List<string>();
        if (Requirement is { } requirement)
        {
            parts.Add(Requirements.FirstOrDefault(r => r.Id == requirement)?.Name ?? "Unknown requirement");
        }
        if (Site is { } site)
        {
            parts.Add(SiteName(site));
        }
        if (!string.IsNullOrEmpty(Role))
        {
            parts.Add(Roster.JobRoles.NameOf(Role));
        }
        var name = ComplianceStatus.NameOf(StatusFilter);
        return parts.Count == 0 ? name + ", every requirement, site and job role" : name + ": " + string.Join(", ", parts);
    }
}
