using Beacon.Data;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Email;

/// <summary>
/// Sends due outbox messages. Each message is claimed with a lease (a conditional update), so two nodes never
/// send it at once, and marked Sent by id afterwards. Failures are retried with exponential back-off; an
/// SMTP 5xx answer or the last attempt makes the failure permanent and visible to administrators.
/// </summary>
public sealed class OutboxSender(BeaconDbContext db, TenantContext tenant, SmtpTransport transport, TimeProvider time, IOptions<SmtpOptions> options, ILogger<OutboxSender> logger)
{
    /// <summary>Messages claimed per pass.</summary>
    public const int BatchSize = 50;

    /// <summary>Sends what is due now (one batch); returns how many messages were delivered.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        if (!transport.IsConfigured)
        {
            return 0;
        }
        tenant.ActAsSystem();
        var now = time.GetUtcNow().UtcDateTime;
        var due = await Due(db.OutboxMessages.IgnoreQueryFilters(), now)
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);

        var sent = 0;
        foreach (var id in due)
        {
            if (await SendOneAsync(id, cancellationToken))
            {
                sent++;
            }
        }
        return sent;
    }

    /// <summary>Sends batches until a pass delivers less than a full batch: the scheduled run's whole backlog.</summary>
    public async Task<int> SendBacklogAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        int sent;
        do
        {
            sent = await SendDueAsync(cancellationToken);
            total += sent;
        }
        while (sent >= BatchSize);
        return total;
    }

    /// <summary>
    /// Sends until no message is waiting or being sent: waits out leases of senders that died and back-offs
    /// of failed attempts, polling every <paramref name="pollInterval"/>. Permanent failures end it too.
    /// </summary>
    public async Task<int> DrainAsync(TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            total += await SendBacklogAsync(cancellationToken);
            var waiting = await db.OutboxMessages.IgnoreQueryFilters()
                .CountAsync(m => m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Sending, cancellationToken);
            if (waiting == 0 || !transport.IsConfigured)
            {
                return total;
            }
            await Task.Delay(pollInterval, time, cancellationToken);
        }
    }

    private async Task<bool> SendOneAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await Due(db.OutboxMessages.IgnoreQueryFilters().Where(m => m.Id == id), now)
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Status, OutboxStatus.Sending)
                .SetProperty(m => m.LeaseUntil, now + options.Value.LeaseDuration)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
        if (claimed != 1)
        {
            return false;
        }

        var message = await db.OutboxMessages.IgnoreQueryFilters().AsNoTracking().SingleAsync(m => m.Id == id, cancellationToken);
        try
        {
            await transport.SendAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await RecordFailureAsync(message, ex, cancellationToken);
            return false;
        }

        var sentAt = time.GetUtcNow().UtcDateTime;
        await db.OutboxMessages.IgnoreQueryFilters()
            .Where(m => m.Id == id && m.Status == OutboxStatus.Sending)
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Status, OutboxStatus.Sent)
                .SetProperty(m => m.SentAt, sentAt)
                .SetProperty(m => m.LeaseUntil, (DateTime?)null)
                .SetProperty(m => m.LastError, (string?)null)
                // The bodies hold single-use links; once delivered they are not kept.
                .SetProperty(m => m.HtmlBody, (string?)null)
                .SetProperty(m => m.TextBody, (string?)null)
                .SetProperty(m => m.CalendarBody, (string?)null), CancellationToken.None);
        logger.LogInformation("Sent outbox message {MessageId} ({Kind}) on attempt {Attempt}", id, message.Kind, message.Attempts);
        return true;
    }

    private async Task RecordFailureAsync(OutboxMessage message, Exception error, CancellationToken cancellationToken)
    {
        var permanent = error is SmtpCommandException { StatusCode: >= (SmtpStatusCode)500 } || message.Attempts >= options.Value.MaxAttempts;
        var now = time.GetUtcNow().UtcDateTime;
        var retryAt = now + Backoff(message.Attempts);
        var reason = Describe(error);
        await db.OutboxMessages.IgnoreQueryFilters()
            .Where(m => m.Id == message.Id && m.Status == OutboxStatus.Sending)
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Status, permanent ? OutboxStatus.Failed : OutboxStatus.Pending)
                .SetProperty(m => m.NextAttemptAt, retryAt)
                .SetProperty(m => m.LeaseUntil, (DateTime?)null)
                .SetProperty(m => m.LastError, reason), cancellationToken);
        logger.LogWarning("Outbox message {MessageId} ({Kind}) failed on attempt {Attempt}; permanent: {Permanent}; {ErrorType}",
            message.Id, message.Kind, message.Attempts, permanent, error.GetType().Name);
    }

    /// <summary>30 s, 1 min, 2 min, … up to an hour.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));

    private static IQueryable<OutboxMessage> Due(IQueryable<OutboxMessage> messages, DateTime now) =>
        messages.Where(m => (m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now) ||
                            (m.Status == OutboxStatus.Sending && m.LeaseUntil < now));

    private static string Describe(Exception error)
    {
        var text = error switch
        {
            SmtpCommandException smtp => $"The mail server refused the message ({(int)smtp.StatusCode}): {smtp.Message}",
            SmtpProtocolException => "The mail server broke off the conversation.",
            System.Net.Sockets.SocketException socket => $"Could not reach the mail server ({socket.SocketErrorCode}).",
            TimeoutException => "The mail server did not answer in time.",
            _ => $"Sending failed: {error.Message}",
        };
        return text.Length > 1000 ? text[..1000] : text;
    }
}

/// <summary>The outbox as scheduled work: every run sends the whole backlog that is due.</summary>
internal sealed class OutboxSendingWork(OutboxSender sender) : Scheduling.IScheduledWork
{
    public const string Name = "outbox";

    public Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken) => sender.SendBacklogAsync(cancellationToken);
}
