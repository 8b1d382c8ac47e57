using System.Globalization;
using Beacon.Data;
using Beacon.Features.Practices;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Audit;

/// <summary>
/// Reading and verifying one audit chain. The practice's log (/audit) and the installation's log
/// (/audit/installation) are the same view on different chains, so they share this base and say only
/// which chain, whose names, and which clock.
/// </summary>
public abstract class AuditLogPageModel(BeaconDbContext db, AuditVerifier verifier, AuditLog audit) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionPrefix { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    protected BeaconDbContext Db { get; } = db;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool HasMore { get; private set; }
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;

    public sealed record Row(long Sequence, DateTime At, string Who, string Action, string ActionName, string Target, IReadOnlyList<AuditChange> Changes, string? IpAddress)
    {
        /// <summary>A new row has no "before": its values are shown as they were set, without arrows.</summary>
        public bool IsCreation => Action.EndsWith(".created", StringComparison.Ordinal);
    }

    /// <summary>What the page reads of an entry: everything but the hashes, which only the verifier needs.</summary>
    private sealed record Entry(long Sequence, DateTime At, Guid? ActorUserId, string? ActorName, string Action, string? TargetType, string? TargetId, string? Changes, string? IpAddress);

    /// <summary>The chain shown: a practice id, or <see cref="Guid.Empty"/> for the installation.</summary>
    protected abstract Guid ChainId { get; }

    /// <summary>Where the page lives, for its own links and the redirect after verifying.</summary>
    public abstract string Path { get; }

    public abstract string Heading { get; }

    public abstract string Introduction { get; }

    /// <summary>The entries of <see cref="ChainId"/>; how they are reached depends on who is looking.</summary>
    protected abstract IQueryable<AuditEntry> Entries { get; }

    /// <summary>The practice whose accounts the targets name, or null for provider administrators.</summary>
    protected abstract Guid? AccountsOf { get; }

    protected abstract Task<PracticeClock> ClockAsync(CancellationToken cancellationToken);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        Clock = await ClockAsync(cancellationToken);
        var entries = Entries.AsNoTracking();

        if (!string.IsNullOrWhiteSpace(ActionPrefix))
        {
            // Action codes are lower case: "Role" finds role.granted and role.removed.
            var pattern = TextSearch.StartsWith(ActionPrefix.ToLowerInvariant());
            entries = entries.Where(e => EF.Functions.Like(e.Action, pattern, TextSearch.Escape));
        }
        var from = ParseDate(From, "from", "Enter the first day as a date, for example 2026-03-01.");
        var to = ParseDate(To, "to", "Enter the last day as a date, for example 2026-03-31.");
        if (from is not null && to is not null && from > to)
        {
            ModelState.AddModelError("to", "The last day is before the first day. Swap them, or change one.");
        }
        // Only the date fields stop the search; a mangled page number already fell back to the first page.
        if (ModelState.TryGetValue("from", out var fromState) && fromState.Errors.Count > 0 ||
            ModelState.TryGetValue("to", out var toState) && toState.Errors.Count > 0)
        {
            return;
        }
        // Days are the practice's calendar days: from its midnight to its next midnight.
        if (from is { } first)
        {
            var start = Clock.StartOfDayUtc(first);
            entries = entries.Where(e => e.At >= start);
        }
        if (to is { } last)
        {
            var end = Clock.StartOfDayUtc(last.AddDays(1));
            entries = entries.Where(e => e.At < end);
        }

        var page = await entries
            .OrderByDescending(e => e.Sequence)
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize + 1)
            .Select(e => new Entry(e.Sequence, e.At, e.ActorUserId, e.ActorName, e.Action, e.TargetType, e.TargetId, e.Changes, e.IpAddress))
            .ToListAsync(cancellationToken);
        HasMore = page.Count > PageSize;
        page = page.Take(PageSize).ToList();
        var names = await TargetNamesAsync(page, cancellationToken);
        Rows = page.Select(e => new Row(
                e.Sequence,
                e.At,
                e.ActorName ?? (e.ActorUserId is null ? "Nobody signed in" : "Unknown account"),
                e.Action,
                AuditText.ActionName(e.Action),
                Describe(e, names),
                AuditText.Changes(e.Changes),
                e.IpAddress))
            .ToList();
    }

    /// <summary>A post that names no form of this page (or one it does not have) is a bad request, not a blank page.</summary>
    public IActionResult OnPost() => BadRequest();

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        var report = await verifier.VerifyAsync(ChainId, cancellationToken);
        // The check itself is evidence a surveyor may ask for, so it goes in the log it checked.
        audit.Record(ChainId, "audit.verified", "audit", null, new { entries = report.Entries, intact = report.Intact, brokenAt = report.BrokenAt });
        await Db.SaveChangesAsync(cancellationToken);

        TempData["AuditIntact"] = report.Intact;
        TempData["AuditReport"] = report.Intact
            ? $"The audit chain is intact: {report.Entries} {(report.Entries == 1 ? "entry was" : "entries were")} checked, and none was changed, removed or put out of order."
            : $"The audit chain is broken at entry {report.BrokenAt}: {report.Problem}. The {report.Entries} entries before it are intact. Keep a copy of this page and tell your training provider: the log may have been tampered with.";
        return Redirect(Path);
    }

    public string PageLink(int number)
    {
        var query = new List<string>();
        if (!string.IsNullOrWhiteSpace(ActionPrefix))
        {
            query.Add("action=" + Uri.EscapeDataString(ActionPrefix));
        }
        if (!string.IsNullOrWhiteSpace(From))
        {
            query.Add("from=" + Uri.EscapeDataString(From));
        }
        if (!string.IsNullOrWhiteSpace(To))
        {
            query.Add("to=" + Uri.EscapeDataString(To));
        }
        query.Add("p=" + number.ToString(CultureInfo.InvariantCulture));
        return Path + "?" + string.Join("&", query);
    }

    private DateOnly? ParseDate(string? text, string key, string error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        ModelState.AddModelError(key, error);
        return null;
    }

    private static string Describe(Entry entry, Dictionary<string, string> names)
    {
        var type = AuditText.TargetName(entry.TargetType);
        if (entry.TargetId is null)
        {
            return type;
        }
        return names.TryGetValue(entry.TargetType + ":" + entry.TargetId, out var name)
            ? $"{type}: {name}"
            : $"{type} {entry.TargetId}";
    }

    /// <summary>Names for the targets on this page (accounts, sites, roster records, invitations, practices), a query per kind.</summary>
    private async Task<Dictionary<string, string>> TargetNamesAsync(List<Entry> page, CancellationToken cancellationToken)
    {
        List<Guid> IdsOf(string type) => page
            .Where(e => e.TargetType == type && Guid.TryParse(e.TargetId, out _))
            .Select(e => Guid.Parse(e.TargetId!))
            .Distinct()
            .ToList();

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string type, Guid id, string name) => names[type + ":" + id] = name;

        var practiceId = AccountsOf;
        var accounts = IdsOf("account");
        if (accounts.Count > 0)
        {
            foreach (var user in await Db.Users.AsNoTracking().Where(u => accounts.Contains(u.Id) && u.PracticeId == practiceId)
                         .Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken))
            {
                Add("account", user.Id, user.DisplayName);
            }
        }
        var invitations = IdsOf("invitation");
        if (invitations.Count > 0)
        {
            foreach (var invitation in await Db.Invitations.AsNoTracking().Where(i => invitations.Contains(i.Id) && i.PracticeId == practiceId)
                         .Select(i => new { i.Id, i.Email }).ToListAsync(cancellationToken))
            {
                Add("invitation", invitation.Id, invitation.Email);
            }
        }
        var practices = IdsOf("practice");
        if (practices.Count > 0)
        {
            foreach (var practice in await Db.Practices.AsNoTracking().Where(p => practices.Contains(p.Id))
                         .Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken))
            {
                Add("practice", practice.Id, practice.Name);
            }
        }
        // Sites and roster records are tenant rows: the query filters keep these to the practice's own.
        var sites = IdsOf("site");
        if (sites.Count > 0 && practiceId is not null)
        {
            foreach (var site in await Db.Sites.AsNoTracking().Where(s => sites.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken))
            {
                Add("site", site.Id, site.Name);
            }
        }
        var emails = IdsOf("email");
        if (emails.Count > 0 && practiceId is not null)
        {
            foreach (var email in await Db.OutboxMessages.AsNoTracking().Where(m => emails.Contains(m.Id)).Select(m => new { m.Id, m.ToAddress }).ToListAsync(cancellationToken))
            {
                Add("email", email.Id, email.ToAddress);
            }
        }
        var staff = IdsOf("staff");
        if (staff.Count > 0 && practiceId is not null)
        {
            foreach (var person in await Db.StaffMembers.AsNoTracking().Where(s => staff.Contains(s.Id))
                         .Select(s => new { s.Id, s.FirstName, s.LastName }).ToListAsync(cancellationToken))
            {
                Add("staff", person.Id, person.FirstName + " " + person.LastName);
            }
        }
        return names;
    }
}
