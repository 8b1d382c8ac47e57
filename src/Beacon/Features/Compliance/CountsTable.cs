namespace Beacon.Features.Compliance;

/// <summary>A row of a dashboard breakdown: its label, counts and the filter its numbers link with.</summary>
public sealed record CountsRow(string Label, ComplianceCounts Counts, ComplianceFilter Filter);

public sealed record CountsTable(string Id, string Caption, string RowHeading, IReadOnlyList<CountsRow> Rows);
