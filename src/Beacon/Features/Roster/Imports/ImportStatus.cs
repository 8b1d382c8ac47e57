namespace Beacon.Features.Roster.Imports;

/// <summary>How an import's state reads to an administrator.</summary>
public static class ImportStatus
{
    public static string Describe(RosterImportStatus status, string? fileError, int errorCount) => status switch
    {
        RosterImportStatus.Validating => "Checking the file",
        RosterImportStatus.Previewed when errorCount > 0 => $"{errorCount:N0} {(errorCount == 1 ? "problem" : "problems")} to fix",
        RosterImportStatus.Previewed => "Ready to apply",
        RosterImportStatus.Applying => "Applying",
        RosterImportStatus.Applied => "Applied",
        RosterImportStatus.Rejected when fileError is not null => "File cannot be used",
        RosterImportStatus.Rejected => "Discarded",
        RosterImportStatus.Failed => "Failed, nothing changed",
        _ => status.ToString(),
    };

    /// <summary>A Bootstrap badge colour that keeps AA contrast with its text.</summary>
    public static string Badge(RosterImportStatus status, int errorCount) => status switch
    {
        RosterImportStatus.Applied => "text-bg-success",
        RosterImportStatus.Previewed when errorCount == 0 => "text-bg-primary",
        RosterImportStatus.Previewed or RosterImportStatus.Rejected or RosterImportStatus.Failed => "text-bg-danger",
        _ => "text-bg-secondary",
    };
}
