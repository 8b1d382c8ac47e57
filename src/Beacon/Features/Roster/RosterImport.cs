namespace Beacon.Features.Roster;

public enum RosterImportStatus
{
    Validating = 0,
    Previewed = 1,
    Applying = 2,
    Applied = 3,
    Rejected = 4,
    Failed = 5,
}

/// <summary>
/// One uploaded roster file: validated in the background into a preview (problems and planned changes),
/// then applied in one transaction. The file stays outside the web root until it is applied or discarded.
/// </summary>
public sealed class RosterImport : Data.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public required string FileName { get; set; }

    /// <summary>"csv" or "xlsx".</summary>
    public required string Format { get; set; }

    public long FileSize { get; set; }

    /// <summary>SHA-256 of the file, checked again before apply.</summary>
    public required string FileHash { get; set; }

    /// <summary>When set, active staff missing from the file are deactivated.</summary>
    public bool FullRoster { get; set; }

    public RosterImportStatus Status { get; set; }
    public long BytesRead { get; set; }
    public int RowsRead { get; set; }
    public int ErrorCount { get; set; }
    public int AddCount { get; set; }
    public int UpdateCount { get; set; }
    public int DeactivateCount { get; set; }
    public int UnchangedCount { get; set; }

    /// <summary>A problem with the file as a whole (encoding, columns, size, …); rows are then not listed.</summary>
    public string? FileError { get; set; }

    public Guid UploadedByUserId { get; set; }
    public DateTime UploadedAt { get; set; }
    public DateTime? PreviewedAt { get; set; }
    public DateTime? AppliedAt { get; set; }
}

/// <summary>A bad row: where (line, column) and why.</summary>
public sealed class RosterImportIssue : Data.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid ImportId { get; set; }
    public int Line { get; set; }
    public string? Column { get; set; }
    public required string Message { get; set; }
}

public enum RosterChangeKind
{
    Add = 0,
    Update = 1,
    Deactivate = 2,
    Reactivate = 3,
}

/// <summary>A change the import would make, shown in the preview (the first few thousand of each kind).</summary>
public sealed class RosterImportChange : Data.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PracticeId { get; set; }
    public Guid ImportId { get; set; }
    public RosterChangeKind Kind { get; set; }

    /// <summary>The file line (0 for a deactivation of someone not in a full-roster file).</summary>
    public int Line { get; set; }

    public required string PersonName { get; set; }
    public string? EmployeeId { get; set; }

    /// <summary>For updates: the fields that change, e.g. "site: North → South; hire date: — → 2024-02-01".</summary>
    public string? Detail { get; set; }
}
