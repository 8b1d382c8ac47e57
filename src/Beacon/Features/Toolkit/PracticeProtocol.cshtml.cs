using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Toolkit;

/// <summary>
/// Practice administrators adapt the response protocol: edit the Markdown (starting from the current version,
/// or Beacon's default), preview it, and publish it as a new numbered version with a change note. Versions are
/// kept and audited; staff always see the newest.
/// </summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class PracticeProtocolModel(
    BeaconDbContext db, TenantContext tenant, PracticeProtocols protocols, ToolkitCatalog catalog, HotlineDetails hotline,
    AuditActor actor, TimeProvider time) : PageModel
{
    [BindProperty]
    public string? Markdown { get; set; }

    [BindProperty]
    public string? ChangeNote { get; set; }

    public CurrentProtocol Current { get; private set; } = null!;
    public IReadOnlyList<VersionRow> Versions { get; private set; } = [];
    public HtmlString? Preview { get; private set; }
    public List<(string Field, string Message)> Errors { get; } = [];
    public bool FromDefault { get; private set; }

    public sealed record VersionRow(int Number, DateTime PublishedAt, string PublishedBy, string ChangeNote);

    public async Task OnGetAsync(string? from, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        FromDefault = from == "default";
        Markdown = FromDefault ? catalog.Content.Protocol.Markdown : Current.Markdown;
    }

    public IActionResult OnPost() => BadRequest();

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var markdown = Normalise(Markdown);
        CheckText(markdown);
        Preview = new HtmlString(ProtocolText.ToHtml(markdown, await hotline.HotlineAsync(cancellationToken)));
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var markdown = Normalise(Markdown);
        CheckText(markdown);
        var note = (ChangeNote ?? "").Trim();
        if (note.Length == 0)
        {
            AddError(nameof(ChangeNote), "Say in a few words what changed (the change note is kept with the version).");
        }
        else if (note.Length > 500)
        {
            AddError(nameof(ChangeNote), "Keep the change note under 500 characters.");
        }
        if (Errors.Count == 0 && markdown == Current.Markdown)
        {
            AddError(nameof(Markdown), "The text is the same as the current version: change something before publishing.");
        }
        if (Errors.Count > 0)
        {
            return Page();
        }

        var number = (Current.Number ?? 0) + 1;
        db.ProtocolVersions.Add(new ProtocolVersion
        {
            PracticeId = tenant.PracticeId,
            Number = number,
            Markdown = markdown,
            ChangeNote = note,
            BasedOnDefault = catalog.Content.Protocol.Version,
            PublishedByUserId = actor.UserId,
            PublishedByName = actor.Name ?? "a practice administrator",
            PublishedAt = time.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another administrator published the same number first: nothing of this one was saved.
            db.ChangeTracker.Clear();
            await LoadAsync(cancellationToken);
            AddError(nameof(Markdown), $"Someone else published version {number} a moment ago. Review the history, then publish again.");
            return Page();
        }
        TempData["Status"] = $"Version {number} of the protocol is published. Staff see it now.";
        return Redirect("/practice/protocol");
    }

    private static string Normalise(string? markdown) => (markdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private void CheckText(string markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            AddError(nameof(Markdown), "The protocol is empty. Start from the current version or Beacon's default.");
            return;
        }
        foreach (var problem in ProtocolText.Check(markdown, catalog.Content.Sources.Keys.ToHashSet(StringComparer.Ordinal)))
        {
            AddError(nameof(Markdown), $"Line {problem.Line}: {problem.Message}.");
        }
    }

    private void AddError(string field, string message)
    {
        Errors.Add((field, message));
        ModelState.AddModelError(field, message);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Current = await protocols.CurrentAsync(cancellationToken);
        Versions = await db.ProtocolVersions.AsNoTracking()
            .OrderByDescending(v => v.Number)
            .Select(v => new VersionRow(v.Number, v.PublishedAt, v.PublishedByName, v.ChangeNote))
            .ToListAsync(cancellationToken);
    }
}
