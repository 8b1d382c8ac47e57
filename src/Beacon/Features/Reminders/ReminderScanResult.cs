namespace Beacon.Features.Reminders;

/// <summary>What one scan did: practices inside their sending hours, ledger rows added, emails and notifications queued.</summary>
public sealed record ReminderScanResult(int PracticesScanned, int LedgerRowsAdded, int EmailsQueued, int NotificationsAdded);
