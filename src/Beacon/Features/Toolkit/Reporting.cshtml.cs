using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Requirements;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Toolkit;

/// <summary>
/// The reporting navigator: age, state and situation in; the duties and permissions that apply out, each with
/// its citation. A POST so nothing lands in an address bar, history or server log; nothing is stored or logged.
/// </summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class ReportingModel(ToolkitCatalog catalog, JurisdictionCatalog jurisdictions, BeaconDbContext db, TenantContext tenant) : PageModel
{
    public const string OtherState = "other";

    [BindProperty]
    public string? Age { get; set; }

    [BindProperty]
    public string? State { get; set; }

    [BindProperty]
    public List<string> Situations { get; set; } = [];

    public ReportingGuide Guide => catalog.Content.Reporting;
    public IReadOnlyList<Jurisdiction> States => jurisdictions.States;
    public string? PracticeState { get; private set; }
    public ReportingAnswer? Answer { get; private set; }
    public string StateName => jurisdictions.For(State)?.Name ?? "a state not in Beacon's catalogue";
    public List<(string Field, string Message)> Errors { get; } = [];
    public IReadOnlyList<ToolkitSource> Sources { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        State = jurisdictions.For(PracticeState) is null ? OtherState : PracticeState;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var age = -1;
        if (string.IsNullOrWhiteSpace(Age))
        {
            Errors.Add(("Age", "Enter the patient's age in years."));
        }
        else if (!int.TryParse(Age.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out age) || age > 120)
        {
            Errors.Add(("Age", "Enter the age as a whole number of years, from 0 to 120."));
        }
        if (State != OtherState && jurisdictions.For(State) is null)
        {
            Errors.Add(("State", "Choose a state from the list, or \"Another state\"."));
        }
        var known = Guide.Situations.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        Situations = [.. Situations.Where(known.Contains).Distinct(StringComparer.Ordinal)];
        foreach (var error in Errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }
        if (Errors.Count > 0)
        {
            return Page();
        }
        Answer = ReportingNavigator.Evaluate(Guide, new ReportingQuestion(age, State == OtherState ? null : State, Situations.ToHashSet(StringComparer.Ordinal)));
        Sources = [.. Answer.Items.SelectMany(i => i.Sources).Distinct(StringComparer.Ordinal).Select(k => catalog.Content.Source(k)).OfType<ToolkitSource>()];
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        PracticeState = await db.Practices.Where(p => p.Id == tenant.PracticeId).Select(p => p.StateCode).FirstOrDefaultAsync(cancellationToken);
    }
}
