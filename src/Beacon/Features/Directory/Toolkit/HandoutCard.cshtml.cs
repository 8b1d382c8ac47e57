using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.ReferralDirectory.Toolkit;

/// <summary>The card PDF: ?lang=en, es, or both (the default) on one page.</summary>
[Authorize(Policy = Policies.PracticeMember)]
[RefuseUnknownHandlers]
public sealed class HandoutCardModel(BeaconDbContext db, TenantContext tenant, HandoutCatalog catalog) : PageModel
{
    public async Task<IActionResult> OnGetAsync([FromQuery] string? lang, CancellationToken cancellationToken)
    {
        if (catalog.Card is not { } card)
        {
            return StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        IReadOnlyList<CardLanguage> languages = string.IsNullOrEmpty(lang) || lang == "both"
            ? card.Languages
            : card.Language(lang) is { } one ? [one] : [];
        if (languages.Count == 0)
        {
            return NotFound();
        }
        var practiceName = await db.Practices.AsNoTracking().Where(p => p.Id == tenant.PracticeId).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken) ?? "";
        var (lines, _, _) = await HandoutLines.LoadAsync(db, card, cancellationToken);
        var pdf = HandoutDocument.Render(card, languages, practiceName, lines);
        return File(pdf, "application/pdf", $"card-{(languages.Count == 1 ? languages[0].Lang : "en-es")}.pdf");
    }
}
