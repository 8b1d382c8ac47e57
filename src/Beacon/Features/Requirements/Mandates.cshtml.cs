using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Requirements;

/// <summary>
/// The practice's state mandates (and any other state's on request), with sources, confidence and review
/// dates. "Add as requirement" turns a mandate into a requirement in one action: the mandate's licence types,
/// licensed in that state, on the frequency of the mandate (or of the reading the administrator chose where
/// sources disagree). A mandate already added is refused.
/// </summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class MandatesModel(BeaconDbContext db, TenantContext tenant, JurisdictionCatalog catalog, CourseCatalog courses, RequirementViews views, TimeProvider time) : PageModel
{
    /// <summary>The course Beacon ships, which state mandates are met with.</summary>
    public const string CourseId = "ht-medical-practice";

    public IReadOnlyList<Jurisdiction> States => catalog.States;
    public Jurisdiction? State { get; private set; }
    public string? PracticeState { get; private set; }
    public string? Problem { get; private set; }
    public IReadOnlyDictionary<string, (Guid Id, string Name)?> Existing { get; private set; } = new Dictionary<string, (Guid, string)?>();

    public async Task OnGetAsync(string? state, CancellationToken cancellationToken) => await LoadAsync(state, cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(string? mandateId, string? reading, CancellationToken cancellationToken)
    {
        var mandate = catalog.Mandate(mandateId);
        if (mandate is null)
        {
            return NotFound();
        }
        await LoadAsync(mandate.State, cancellationToken);
        if (Existing.GetValueOrDefault(mandate.Id) is { } already)
        {
            Problem = $"“{mandate.Title}” is already a requirement of the practice (“{already.Name}”); it was not added again.";
            return Page();
        }
        var chosen = mandate.Reading(reading);
        if (mandate.Disputed && chosen is null)
        {
            Problem = $"Sources disagree about “{mandate.Title}”: choose the reading to follow, then add it.";
            return Page();
        }
        if (await courses.CurrentAsync(CourseId, cancellationToken) is null)
        {
            Problem = "The course is not published yet, so the mandate cannot become a requirement. Tell your training provider.";
            return Page();
        }
        var frequency = chosen?.Frequency ?? mandate.Frequency!.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var name = $"{mandate.State}: {mandate.Title}";
        var requirement = new Requirement
        {
            PracticeId = tenant.PracticeId,
            Name = name.Length > 200 ? name[..200] : name,
            CourseId = CourseId,
            Track = null,
            Frequency = frequency,
            Months = chosen?.Months ?? mandate.Months,
            StartsOn = await views.TodayAsync(cancellationToken),
            LicenceTypes = string.Join(",", mandate.LicenceTypes),
            LicenceStates = mandate.State,
            MandateId = mandate.Id,
            MandateReading = chosen?.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Requirements.Add(requirement);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"“{mandate.Title}” added as a requirement for {string.Join(", ", mandate.LicenceTypes)} licences from {mandate.State}.";
        return Redirect($"/practice/requirements/{requirement.Id}");
    }

    private async Task LoadAsync(string? state, CancellationToken cancellationToken)
    {
        PracticeState = await db.Practices.AsNoTracking().Where(p => p.Id == tenant.PracticeId).Select(p => p.StateCode).FirstOrDefaultAsync(cancellationToken);
        State = catalog.For((state ?? PracticeState)?.Trim().ToUpperInvariant());
        var added = await db.Requirements.AsNoTracking().Where(r => r.MandateId != null).Select(r => new { r.MandateId, r.Id, r.Name }).ToListAsync(cancellationToken);
        Existing = added.GroupBy(r => r.MandateId!).ToDictionary(g => g.Key, g => ((Guid, string)?)(g.First().Id, g.First().Name));
    }

    public static string Describe(Frequency frequency, int months) => frequency switch
    {
        Frequency.Once => "Once",
        Frequency.EveryMonths => $"Every {months} months",
        Frequency.LicenceRenewal => $"Each licence renewal ({months}-month cycle)",
        _ => "Every year by a fixed date",
    };

    public static string Describe(Confidence confidence) => confidence switch
    {
        Confidence.High => "High (official source read)",
        Confidence.Medium => "Medium (secondary source, or sources disagree)",
        _ => "Low",
    };
}
