using Beacon.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Toolkit;

/// <summary>The practice's current response protocol (Beacon's default until the practice publishes its own).</summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class ProtocolModel(PracticeProtocols protocols, HotlineDetails hotline, ToolkitCatalog catalog) : PageModel
{
    public CurrentProtocol Current { get; private set; } = null!;
    public HtmlString Html { get; private set; } = HtmlString.Empty;
    public IReadOnlyList<ToolkitSource> Sources { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Current = await protocols.CurrentAsync(cancellationToken);
        Html = new HtmlString(ProtocolText.ToHtml(Current.Markdown, await hotline.HotlineAsync(cancellationToken)));
        Sources = SourcesOf(catalog, Current.Markdown);
    }

    internal static IReadOnlyList<ToolkitSource> SourcesOf(ToolkitCatalog catalog, string markdown) =>
        [.. ProtocolText.Citations(markdown).Select(k => catalog.Content.Source(k)).OfType<ToolkitSource>()];
}
