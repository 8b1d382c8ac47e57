using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Toolkit;

/// <summary>The toolkit's front door: big links a phone user can hit in a hallway. Nothing here is stored.</summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class IndexModel : PageModel
{
    public sealed record Tool(string Href, string Title, string Description);

    public static readonly IReadOnlyList<Tool> Tools =
    [
        new("/toolkit/protocol", "Response protocol", "What to do now: privacy, safety, adult, under 18, immediate danger."),
        new("/toolkit/red-flags", "Warning signs", "Signs that can point to trafficking, and what they do not prove."),
        new("/toolkit/screening", "Screening aid", "A conversation guide and screening tools. Answers are never saved."),
        new("/toolkit/reporting", "Reporting navigator", "What the law requires or allows, by age, state and situation."),
        new("/toolkit/directory", "Referral directory", "National and local help to call, text or refer to."),
        new("/toolkit/codes", "ICD-10-CM codes", "The codes for confirmed, suspected and ruled-out exploitation."),
        new("/toolkit/handout", "Patient card", "A discreet card with help lines, to print for a patient."),
    ];

    public void OnGet()
    {
    }
}
