using System.Security.Cryptography;
using System.Text;
using Beacon.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.ReferralDirectory;

public enum DirectoryChangeKind
{
    Add,
    Update,
    Deactivate,
    Unchanged,
}

/// <summary>What one row of the file does to the directory.</summary>
public sealed record PlannedChange(int Line, string Name, DirectoryChangeKind Kind, Guid? EntryId, IReadOnlyList<string> ChangedFields, CheckedEntry Values);

/// <summary>A problem with one cell or row: the line, the CSV column ("" for the row) and the reason.</summary>
public sealed record ImportIssue(int Line, string Column, string Message);

/// <summary>The preview of an import: nothing is written until it is applied, and only when it has no issues.</summary>
public sealed record DirectoryImportPlan(IReadOnlyList<ImportIssue> Issues, IReadOnlyList<PlannedChange> Changes, string Fingerprint)
{
    public int Count(DirectoryChangeKind kind) => Changes.Count(c => c.Kind == kind);

    public int ToWrite => Changes.Count(c => c.Kind != DirectoryChangeKind.Unchanged);

    public bool CanApply => Issues.Count == 0 && ToWrite > 0;
}

/// <summary>
/// Plans and applies a directory CSV file with the roster's rules: every row is checked first (line,
/// column, reason), rows are matched to entries by entry_id or, without one, by name; applying writes the
/// whole plan in one transaction or nothing. A file that matches the directory plans no change, so
/// importing the same file again writes nothing.
/// </summary>
public static class DirectoryImport
{
    public static async Task<DirectoryImportPlan> PlanAsync(BeaconDbContext db, IReadOnlyList<DirectoryCsvRow> rows, DateOnly today,
        IReadOnlyList<string> forbiddenWords, CancellationToken cancellationToken)
    {
        var existing = await db.DirectoryEntries.AsNoTracking().ToListAsync(cancellationToken);
        var byId = existing.ToDictionary(e => e.Id);
        var issues = new List<ImportIssue>();
        var changes = new List<PlannedChange>();
        var claimed = new Dictionary<Guid, int>();
        var namesInFile = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        foreach (var row in rows)
        {
            var rowIssues = new List<ImportIssue>();
            var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var field in DirectoryFields.All)
            {
                if (!row.Cells.TryGetValue(field.Name, out var cell))
                {
                    continue;
                }
                var value = DirectoryCsv.Unformula(field, cell, out var problem);
                if (problem is not null)
                {
                    rowIssues.Add(new ImportIssue(row.Line, field.Csv, problem));
                }
                cells[field.Name] = value;
            }

            // Which entry the row is about.
            DirectoryEntry? match = null;
            var idText = row.EntryId?.Trim() ?? "";
            if (idText.Length > 0)
            {
                if (!Guid.TryParse(idText, out var id) || !byId.TryGetValue(id, out match))
                {
                    rowIssues.Add(new ImportIssue(row.Line, DirectoryFields.IdColumn, $"No entry of your directory has the id “{idText}”. Leave entry_id blank to add a new entry."));
                }
            }
            else if (cells.GetValueOrDefault("name")?.Trim() is { Length: > 0 } name)
            {
                var named = existing.Where(e => string.Equals(e.Name.Trim(), name, StringComparison.OrdinalIgnoreCase)).ToList();
                if (named.Count > 1)
                {
                    rowIssues.Add(new ImportIssue(row.Line, "name", $"Several entries are called “{name}”; give this row the entry_id of the one it updates."));
                }
                match = named.Count == 1 ? named[0] : null;
            }
            if (match is not null)
            {
                if (claimed.TryGetValue(match.Id, out var earlier))
                {
                    rowIssues.Add(new ImportIssue(row.Line, idText.Length > 0 ? DirectoryFields.IdColumn : "name", $"Line {earlier} already changes “{match.Name}”; each entry may appear once."));
                }
                else
                {
                    claimed[match.Id] = row.Line;
                }
            }

            // Columns the file leaves out keep the entry's values (or take the defaults for a new entry).
            var raw = new Dictionary<string, string?>(StringComparer.Ordinal);
            var current = match is null ? null : DirectoryFields.ValuesOf(match);
            foreach (var field in DirectoryFields.All)
            {
                raw[field.Name] = cells.TryGetValue(field.Name, out var cell) ? cell : current?[field.Name];
            }
            var result = DirectoryFields.Check(raw, today, forbiddenWords);
            foreach (var error in result.Errors)
            {
                rowIssues.Add(new ImportIssue(row.Line, error.Field.Length == 0 ? "" : DirectoryFields.ByName(error.Field).Csv, error.Message));
            }
            var finalName = result["name"];
            if (finalName.Length > 0)
            {
                if (namesInFile.TryGetValue(finalName, out var other))
                {
                    rowIssues.Add(new ImportIssue(row.Line, "name", $"Line {other} has the same name, “{finalName}”. Give each partner its own name."));
                }
                else
                {
                    namesInFile[finalName] = row.Line;
                }
            }
            issues.AddRange(rowIssues);
            if (rowIssues.Count > 0)
            {
                continue;
            }

            if (match is null)
            {
                changes.Add(new PlannedChange(row.Line, finalName, DirectoryChangeKind.Add, null, [.. DirectoryFields.All.Select(f => f.Name)], result));
                continue;
            }
            var changed = DirectoryFields.All.Where(f => current![f.Name] != result[f.Name]).Select(f => f.Name).ToList();
            var kind = changed.Count == 0 ? DirectoryChangeKind.Unchanged
                : match.Active && result["active"] == "no" ? DirectoryChangeKind.Deactivate
                : DirectoryChangeKind.Update;
            changes.Add(new PlannedChange(row.Line, finalName, kind, match.Id, changed, result));
        }

        // Names stay unique across the directory: a new name may not be one an entry outside the file has.
        foreach (var change in changes.Where(c => c.Kind != DirectoryChangeKind.Unchanged))
        {
            var clash = existing.FirstOrDefault(e => e.Id != change.EntryId && !claimed.ContainsKey(e.Id) && string.Equals(e.Name.Trim(), change.Name, StringComparison.OrdinalIgnoreCase));
            if (clash is not null && change.EntryId is not null)
            {
                issues.Add(new ImportIssue(change.Line, "name", $"Another entry of your directory is already called “{change.Name}”."));
            }
        }

        // The card has room for two local lines once the file is applied.
        var onCard = existing.Where(e => !claimed.ContainsKey(e.Id) && e.Active && e.OnPatientCard).Select(e => e.Name)
            .Concat(changes.Where(c => c.Values["active"] == "yes" && c.Values["onPatientCard"] == "yes").Select(c => c.Name)).ToList();
        if (onCard.Count > DirectoryFields.MaxOnPatientCard)
        {
            foreach (var change in changes.Where(c => c.Values["active"] == "yes" && c.Values["onPatientCard"] == "yes"))
            {
                issues.Add(new ImportIssue(change.Line, "on_patient_card", $"The patient card has room for {DirectoryFields.MaxOnPatientCard} local lines; after this import {onCard.Count} would be on it ({string.Join(", ", onCard)})."));
            }
        }

        issues.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new DirectoryImportPlan(issues, changes, Fingerprint(changes, existing));
    }

    /// <summary>
    /// Applies a plan with no issues in one transaction (one save: entries and their audit entries together).
    /// Returns the number of entries written.
    /// </summary>
    public static async Task<int> ApplyAsync(BeaconDbContext db, Guid practiceId, DirectoryImportPlan plan, TimeProvider time, CancellationToken cancellationToken)
    {
        if (plan.Issues.Count > 0)
        {
            throw new InvalidOperationException("A plan with issues cannot be applied.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var ids = plan.Changes.Where(c => c.EntryId is not null && c.Kind != DirectoryChangeKind.Unchanged).Select(c => c.EntryId!.Value).ToList();
        var tracked = await db.DirectoryEntries.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        var written = 0;
        foreach (var change in plan.Changes)
        {
            switch (change.Kind)
            {
                case DirectoryChangeKind.Unchanged:
                    continue;
                case DirectoryChangeKind.Add:
                    var entry = new DirectoryEntry { PracticeId = practiceId, CreatedAt = now, UpdatedAt = now };
                    change.Values.ApplyTo(entry);
                    db.DirectoryEntries.Add(entry);
                    break;
                default:
                    var existing = tracked[change.EntryId!.Value];
                    change.Values.ApplyTo(existing);
                    existing.UpdatedAt = now;
                    break;
            }
            written++;
        }
        if (written > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        return written;
    }

    /// <summary>What the plan would write, given the entries it read: a different answer at apply time means the directory changed since the preview.</summary>
    private static string Fingerprint(IReadOnlyList<PlannedChange> changes, IReadOnlyList<DirectoryEntry> existing)
    {
        var text = new StringBuilder();
        foreach (var change in changes)
        {
            text.Append(change.Line).Append('|').Append(change.Kind).Append('|').Append(change.EntryId).Append('|');
            foreach (var field in change.ChangedFields)
            {
                text.Append(field).Append('=').Append(change.Values[field]).Append(';');
            }
            text.Append('\n');
        }
        text.Append(existing.Count);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
