using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Toolkit;

/// <summary>The protocol's one-page summary (its "summary" section), laid out to print on one US Letter page.</summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class ProtocolPrintModel(PracticeProtocols protocols, HotlineDetails hotline, ToolkitCatalog catalog) : PageModel
{
    public CurrentProtocol Current { get; private set; } = null!;
    public HtmlString Html { get; private set; } = HtmlString.Empty;
    public IReadOnlyList<ToolkitSource> Sources { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Current = await protocols.CurrentAsync(cancellationToken);
        var summary = ProtocolText.Section(Current.Markdown, "summary");
        Html = new HtmlString(ProtocolText.ToHtml(summary, await hotline.HotlineAsync(cancellationToken)));
        Sources = ProtocolModel.SourcesOf(catalog, summary);
    }
}
