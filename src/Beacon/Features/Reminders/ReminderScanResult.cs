namespace Beacon.Features.Reminders;

/// <summary>
/// What one scan did: practices inside their sending hours, ledger rows added, emails and notifications queued, and the
/// time spent producing ledger rows and folding them (including the commit) summed over the practices.
/// </summary>
public sealed record ReminderScanResult(int PracticesScanned, int LedgerRowsAdded, int EmailsQueued, int NotificationsAdded, TimeSpan LedgerTime, TimeSpan FoldingTime);
