using System.Text.RegularExpressions;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Email;

/// <summary>
/// The practice's outbox, newest first: what Beacon emailed, what is still waiting, and what could not be
/// delivered and why, so an administrator can fix an address and send it again.
/// </summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed partial class MessagesModel(BeaconDbContext db, TenantContext tenant) : PageModel
{
    public const int PageSize = 50;

    /// <summary>The status filter as it appears in the address: pending, sending, sent or failed.</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public string? StatusFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<MessageRow> Messages { get; private set; } = [];
    public bool HasMore { get; private set; }
    public int FailedCount { get; private set; }
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;

    public sealed record MessageRow(Guid Id, DateTime CreatedAt, string Kind, string ToName, string ToAddress, string Subject,
        OutboxStatus Status, int Attempts, DateTime NextAttemptAt, DateTime? SentAt, string? LastError);

    public static IReadOnlyList<(string Key, OutboxStatus Status)> Filters { get; } =
    [
        ("pending", OutboxStatus.Pending),
        ("sending", OutboxStatus.Sending),
        ("sent", OutboxStatus.Sent),
        ("failed", OutboxStatus.Failed),
    ];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        Clock = await PracticeClock.ForPracticeAsync(db, tenant.PracticeId, cancellationToken);

        // The tenant query filter keeps this to the practice's own messages.
        var messages = db.OutboxMessages.AsNoTracking();
        var filter = Filters.FirstOrDefault(f => f.Key == StatusFilter);
        if (filter.Key is not null)
        {
            messages = messages.Where(m => m.Status == filter.Status);
        }
        else
        {
            StatusFilter = null;
        }
        var page = await messages
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize + 1)
            .Select(m => new MessageRow(m.Id, m.CreatedAt, m.Kind, m.ToName, m.ToAddress, m.Subject, m.Status, m.Attempts, m.NextAttemptAt, m.SentAt, m.LastError))
            .ToListAsync(cancellationToken);
        HasMore = page.Count > PageSize;
        Messages = page.Take(PageSize).ToList();
        FailedCount = await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Failed, cancellationToken);
    }

    /// <summary>A post that names no form of this page (or one it does not have) is a bad request, not a blank page.</summary>
    public IActionResult OnPost() => BadRequest();

    public static string StatusName(OutboxStatus status) => status switch
    {
        OutboxStatus.Pending => "Waiting to send",
        OutboxStatus.Sending => "Sending now",
        OutboxStatus.Sent => "Sent",
        OutboxStatus.Failed => "Not delivered",
        _ => status.ToString(),
    };

    public static string KindName(string kind) => kind switch
    {
        "invitation" => "Invitation",
        "password-reset" => "Password reset",
        "security-notice" => "Account security notice",
        _ => kind.Length == 0 ? kind : char.ToUpperInvariant(kind[0]) + kind[1..].Replace('-', ' '),
    };

    /// <summary>
    /// What went wrong, in plain words, and what to do about it. The sender's own text (with the mail
    /// server's code) is kept beside it for whoever runs the mail server.
    /// </summary>
    public static string Explain(string lastError)
    {
        var code = SmtpCode().Match(lastError);
        if (code.Success)
        {
            return code.Groups[1].Value switch
            {
                "550" or "551" or "553" => "The recipient's mail server says this address does not exist or does not accept mail. If the address is mistyped, invite the person again at the right one; if it is right, ask them to check their mailbox, then send again.",
                "552" => "The recipient's mailbox is full. Ask the person to make room, then send again.",
                "554" => "The recipient's mail server rejected the message. The person may need to ask their IT team to allow email from Beacon.",
                var c when c.StartsWith('4') => "The mail server asked Beacon to try again later. Beacon retries by itself.",
                var c when c.StartsWith('5') => "The mail server refused the message. Check the address, then send again.",
                _ => "The mail server refused the message.",
            };
        }
        if (lastError.StartsWith("Could not reach", StringComparison.Ordinal) || lastError.StartsWith("The mail server did not answer", StringComparison.Ordinal))
        {
            return "Beacon could not reach its mail server. Beacon retries by itself; if this lasts, tell your training provider.";
        }
        if (lastError.StartsWith("The mail server broke off", StringComparison.Ordinal))
        {
            return "The connection to the mail server broke off. Beacon retries by itself.";
        }
        return "Sending failed. Beacon retries by itself; if the message stays undelivered, tell your training provider.";
    }

    [GeneratedRegex(@"\((\d{3})\)")]
    private static partial Regex SmtpCode();
}
