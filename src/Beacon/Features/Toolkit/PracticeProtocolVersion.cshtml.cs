using Beacon.Data;
using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Toolkit;

/// <summary>One published version of the practice's protocol, as it read, with who published it and why.</summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class PracticeProtocolVersionModel(BeaconDbContext db, HotlineDetails hotline) : PageModel
{
    public ProtocolVersion Version { get; private set; } = null!;
    public HtmlString Html { get; private set; } = HtmlString.Empty;
    public bool IsCurrent { get; private set; }

    public async Task<IActionResult> OnGetAsync(int number, CancellationToken cancellationToken)
    {
        var version = await db.ProtocolVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Number == number, cancellationToken);
        if (version is null)
        {
            return NotFound();
        }
        Version = version;
        IsCurrent = !await db.ProtocolVersions.AnyAsync(v => v.Number > number, cancellationToken);
        Html = new HtmlString(ProtocolText.ToHtml(version.Markdown, await hotline.HotlineAsync(cancellationToken)));
        return Page();
    }
}
