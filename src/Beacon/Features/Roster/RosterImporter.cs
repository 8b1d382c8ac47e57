using System.Security.Cryptography;
using Beacon.Data;
using Beacon.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Roster;

public enum ApplyOutcome
{
    Applied,
    NotFound,

    /// <summary>Already applied, being applied, discarded, or has problems: nothing was done.</summary>
    NotReady,

    /// <summary>The roster moved since the preview; nothing was written and a new preview is being made.</summary>
    RosterChanged,

    Failed,
}

public sealed record ApplyResult(ApplyOutcome Outcome, string Message);

public enum DiscardOutcome
{
    Discarded,
    NotFound,
    TooLate,
}

/// <summary>
/// Stores an uploaded roster file, turns it into a preview (problems and planned changes), and applies it in one
/// transaction. Acts for the current practice: every query goes through the tenant filter.
/// </summary>
public sealed class RosterImporter(
    BeaconDbContext db,
    TenantContext tenant,
    AuditActor actor,
    AuditLog audit,
    PendingRosterImports queue,
    TimeProvider time,
    IOptions<RosterImportOptions> options,
    IOptions<DatabaseOptions> database,
    IHostEnvironment environment,
    ILogger<RosterImporter> logger)
{
    private const string NothingChanged = "Nothing on the roster was changed.";

    private RosterImportOptions Limits => options.Value;

    /// <summary>Where an upload waits between preview and apply: under the data directory, outside the web root.</summary>
    public string FileOf(Guid practiceId, Guid importId) =>
        Path.Combine(database.Value.ResolveDataDirectory(environment.ContentRootPath), "imports", practiceId.ToString("D"), importId.ToString("D"));

    /// <summary>Saves the upload (hashing it on the way), records the import and queues it to be checked.</summary>
    public async Task<Guid> UploadAsync(Stream content, string fileName, string format, bool fullRoster, CancellationToken cancellationToken)
    {
        var import = new RosterImport
        {
            PracticeId = tenant.PracticeId,
            FileName = CleanFileName(fileName),
            Format = format,
            FileHash = "",
            FullRoster = fullRoster,
            Status = RosterImportStatus.Validating,
            UploadedByUserId = actor.UserId ?? Guid.Empty,
            UploadedAt = time.GetUtcNow().UtcDateTime,
        };
        var path = FileOf(import.PracticeId, import.Id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    import.FileSize += read;
                    if (import.FileSize > RosterImportOptions.MaxFileBytes)
                    {
                        throw new RosterFileException("The file is larger than 20 MB.");
                    }
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            import.FileHash = Convert.ToHexStringLower(hash.GetHashAndReset());
            db.RosterImports.Add(import);
            audit.Record(import.PracticeId, "roster.import.uploaded", "roster-import", import.Id.ToString(), new { import.FileName, import.FileSize, import.FullRoster });
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            DeleteFile(path);
            throw;
        }
        await queue.EnqueueAsync(import.Id, cancellationToken);
        logger.LogInformation("Roster import {ImportId} uploaded ({Format}, {Bytes} bytes)", import.Id, format, import.FileSize);
        return import.Id;
    }

    /// <summary>
    /// Checks the file and works out its changes: every problem with its line, column and reason, the counts, and
    /// the first changes of each kind. A file with problems cannot be applied, so its copy is deleted at once.
    /// </summary>
    public async Task PreviewAsync(Guid importId, CancellationToken cancellationToken)
    {
        var import = await db.RosterImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == importId, cancellationToken);
        if (import is not { Status: RosterImportStatus.Validating })
        {
            return;
        }
        var path = FileOf(import.PracticeId, import.Id);
        var started = time.GetTimestamp();
        RosterFileContents contents;
        RosterPlan plan;
        try
        {
            var (roster, sites) = await LoadRosterAsync(cancellationToken);
            contents = await ReadAsync(import, path, sites, reportProgress: true, cancellationToken);
            plan = RosterPlan.Build(contents.Entries, contents.Layout, roster, sites.ToDictionary(s => s.Id, s => s.Name), import.FullRoster);
        }
        catch (RosterFileException ex)
        {
            await db.RosterImports
                .Where(i => i.Id == importId && i.Status == RosterImportStatus.Validating)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(i => i.Status, RosterImportStatus.Rejected)
                    .SetProperty(i => i.FileError, Limit(ex.Message, 2000))
                    .SetProperty(i => i.PreviewedAt, time.GetUtcNow().UtcDateTime), cancellationToken);
            DeleteFile(path);
            logger.LogInformation("Roster import {ImportId} rejected: the file as a whole could not be used", importId);
            return;
        }

        var problems = contents.Problems.Concat(plan.Problems).OrderBy(p => p.Line).ToList();
        var stored = await StorePreviewAsync(import, contents.Rows, problems, plan, cancellationToken);
        if (!stored || problems.Count > 0)
        {
            DeleteFile(path);
        }
        logger.LogInformation(
            "Roster import {ImportId} previewed: {Rows} rows, {Problems} problems, {Adds} adds, {Updates} updates, {Deactivations} deactivations in {Elapsed} ms",
            importId, contents.Rows, problems.Count, plan.AddCount, plan.UpdateCount, plan.DeactivateCount, (long)time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Applies a previewed import: the stored file is checked against its hash, its plan worked out again against
    /// the roster as it is now, and every change written in one transaction. Anything unexpected rolls it all back.
    /// </summary>
    public async Task<ApplyResult> ApplyAsync(Guid importId, CancellationToken cancellationToken)
    {
        var import = await db.RosterImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == importId, cancellationToken);
        if (import is null)
        {
            return new ApplyResult(ApplyOutcome.NotFound, "");
        }

        // Claim it: of two clicks (or two nodes), only one moves it from Previewed to Applying.
        var claimed = await db.RosterImports
            .Where(i => i.Id == importId && i.Status == RosterImportStatus.Previewed && i.ErrorCount == 0 && i.FileError == null)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, RosterImportStatus.Applying), cancellationToken);
        if (claimed != 1)
        {
            return new ApplyResult(ApplyOutcome.NotReady, import.Status switch
            {
                RosterImportStatus.Applied => "This file has already been applied.",
                RosterImportStatus.Applying => "This file is being applied already.",
                RosterImportStatus.Validating => "Beacon is still checking this file.",
                RosterImportStatus.Previewed => "This file has problems to fix first. Correct them and upload it again.",
                _ => "This import was discarded or could not be used. Upload the file again.",
            });
        }

        var path = FileOf(import.PracticeId, import.Id);
        var started = time.GetTimestamp();
        ApplyResult result;
        try
        {
            result = await ApplyClaimedAsync(import, path, cancellationToken);
        }
        catch (Exception ex)
        {
            // The transaction is rolled back already (disposed without commit); forget what was tracked with it.
            db.ChangeTracker.Clear();
            var message = ex switch
            {
                RosterFileException file => $"{file.Message} {NothingChanged}",
                OperationCanceledException => $"Applying was interrupted before it finished. {NothingChanged} Upload the file again.",
                DbUpdateException => $"The roster was changed by someone else while this file was being applied. {NothingChanged} Upload the file again to see a new preview.",
                _ => $"Beacon could not apply this file. {NothingChanged} Upload the file again; if it keeps failing, tell your Beacon provider.",
            };
            logger.LogError(ex, "Applying roster import {ImportId} failed; rolled back", importId);
            await db.RosterImports
                .Where(i => i.Id == importId && i.Status == RosterImportStatus.Applying)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(i => i.Status, RosterImportStatus.Failed)
                    .SetProperty(i => i.FileError, Limit(message, 2000)), CancellationToken.None);
            DeleteFile(path);
            return new ApplyResult(ApplyOutcome.Failed, message);
        }

        if (result.Outcome == ApplyOutcome.RosterChanged)
        {
            await PreviewAgainAsync(importId, cancellationToken);
            return result;
        }
        DeleteFile(path);
        logger.LogInformation("Roster import {ImportId} applied in {Elapsed} ms", importId, (long)time.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    /// <summary>Throws the preview away (before apply): the stored file is deleted and the import is closed.</summary>
    public async Task<DiscardOutcome> DiscardAsync(Guid importId, CancellationToken cancellationToken)
    {
        var import = await db.RosterImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == importId, cancellationToken);
        if (import is null)
        {
            return DiscardOutcome.NotFound;
        }
        var discarded = await db.RosterImports
            .Where(i => i.Id == importId && (i.Status == RosterImportStatus.Previewed || i.Status == RosterImportStatus.Validating))
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, RosterImportStatus.Rejected), cancellationToken);
        if (discarded != 1)
        {
            return DiscardOutcome.TooLate;
        }
        DeleteFile(FileOf(import.PracticeId, import.Id));
        await audit.RecordNowAsync(import.PracticeId, "roster.import.discarded", "roster-import", import.Id.ToString(), new { import.FileName }, cancellationToken);
        return DiscardOutcome.Discarded;
    }

    public static void DeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Still open somewhere (a finishing read): the next start's clean-up of interrupted imports takes it.
        }
    }

    private async Task<ApplyResult> ApplyClaimedAsync(RosterImport import, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new RosterFileException("The uploaded file is no longer on the server.");
        }
        if (!string.Equals(await HashAsync(path, cancellationToken), import.FileHash, StringComparison.Ordinal))
        {
            throw new RosterFileException("The stored copy of the file has changed since it was checked, so Beacon will not apply it.");
        }

        var started = time.GetTimestamp();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (roster, sites) = await LoadRosterAsync(cancellationToken);
        var contents = await ReadAsync(import, path, sites, reportProgress: false, cancellationToken);
        var plan = RosterPlan.Build(contents.Entries, contents.Layout, roster, sites.ToDictionary(s => s.Id, s => s.Name), import.FullRoster);
        if (contents.Problems.Count + plan.Problems.Count > 0 ||
            plan.AddCount != import.AddCount || plan.UpdateCount != import.UpdateCount ||
            plan.DeactivateCount != import.DeactivateCount || plan.UnchangedCount != import.UnchangedCount)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new ApplyResult(ApplyOutcome.RosterChanged,
                $"The roster changed after this preview was made (someone added, edited or deactivated staff, or changed a site), so the preview no longer shows what would happen. {NothingChanged} Beacon is checking the file again: review the new preview, then apply.");
        }

        var planned = time.GetElapsedTime(started);
        await WriteAsync(plan, cancellationToken);
        // Leavers lose sign-in in the same transaction that takes them off the active roster.
        await LeaverAccess.EndAsync(db, audit, import.PracticeId,
            plan.Changes.Where(c => c.Kind == RosterChangeKind.Deactivate).Select(c => c.After.Id), time.GetUtcNow().UtcDateTime, cancellationToken);
        logger.LogInformation("Roster import {ImportId}: plan checked again in {Planned} ms, {Changes} changes written in {Written} ms",
            import.Id, (long)planned.TotalMilliseconds, plan.Changes.Count, (long)(time.GetElapsedTime(started) - planned).TotalMilliseconds);

        audit.Record(import.PracticeId, "roster.import.applied", "roster-import", import.Id.ToString(),
            new { import.FileName, Added = plan.AddCount, Updated = plan.UpdateCount, Deactivated = plan.DeactivateCount });
        await db.SaveChangesAsync(cancellationToken);
        var finished = await db.RosterImports
            .Where(i => i.Id == import.Id && i.Status == RosterImportStatus.Applying)
            .ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Status, RosterImportStatus.Applied)
                .SetProperty(i => i.AppliedAt, time.GetUtcNow().UtcDateTime), cancellationToken);
        if (finished != 1)
        {
            throw new InvalidOperationException("The import stopped being in the Applying state while it was applied.");
        }
        await transaction.CommitAsync(cancellationToken);

        var parts = new List<string>();
        if (plan.AddCount > 0)
        {
            parts.Add($"added {plan.AddCount:N0}");
        }
        if (plan.UpdateCount > 0)
        {
            parts.Add($"updated {plan.UpdateCount:N0}");
        }
        if (plan.DeactivateCount > 0)
        {
            parts.Add($"deactivated {plan.DeactivateCount:N0}");
        }
        return new ApplyResult(ApplyOutcome.Applied, parts.Count == 0
            ? "The file is applied. Everyone in it was already on the roster as written, so nothing needed to change."
            : $"The file is applied: {string.Join(", ", parts)} {(plan.AddCount + plan.UpdateCount + plan.DeactivateCount == 1 ? "person" : "people")}.");
    }

    /// <summary>
    /// Writes the plan in batches, forgetting each batch once saved so memory stays flat. A person whose manager is
    /// being added in the same file gets that manager in a second pass, once everyone exists.
    /// </summary>
    private async Task WriteAsync(RosterPlan plan, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var added = plan.Changes.Where(c => c.Kind == RosterChangeKind.Add).Select(c => c.After.Id).ToHashSet();
        bool ManagerIsNew(StaffValues values) => values.ManagerId is { } manager && added.Contains(manager);

        foreach (var batch in plan.Changes.Chunk(Limits.ApplyBatchSize))
        {
            var people = await TrackAsync(batch.Where(c => c.Before is not null).Select(c => c.After.Id), cancellationToken);
            foreach (var change in batch)
            {
                var after = change.After;
                if (change.Before is null)
                {
                    db.StaffMembers.Add(new StaffMember
                    {
                        Id = after.Id,
                        PracticeId = tenant.PracticeId,
                        FirstName = after.FirstName,
                        LastName = after.LastName,
                        Email = after.Email,
                        EmployeeId = after.EmployeeId,
                        JobRole = after.JobRole,
                        SiteId = after.SiteId,
                        HireDate = after.HireDate,
                        ManagerId = ManagerIsNew(after) ? null : after.ManagerId,
                        LicenceType = after.LicenceType,
                        LicenceNumber = after.LicenceNumber,
                        LicenceState = after.LicenceState,
                        LicenceExpiry = after.LicenceExpiry,
                        Active = after.Active,
                        DeactivatedAt = after.Active ? null : now,
                        CreatedAt = now,
                        UpdatedAt = now,
                    });
                    continue;
                }
                if (!people.TryGetValue(after.Id, out var person))
                {
                    throw new DbUpdateException($"Staff member {after.Id} was removed while the import was applied.");
                }
                person.FirstName = after.FirstName;
                person.LastName = after.LastName;
                person.Email = after.Email;
                person.EmployeeId = after.EmployeeId;
                person.JobRole = after.JobRole;
                person.SiteId = after.SiteId;
                person.HireDate = after.HireDate;
                person.ManagerId = ManagerIsNew(after) ? person.ManagerId : after.ManagerId;
                person.LicenceType = after.LicenceType;
                person.LicenceNumber = after.LicenceNumber;
                person.LicenceState = after.LicenceState;
                person.LicenceExpiry = after.LicenceExpiry;
                if (person.Active != after.Active)
                {
                    person.Active = after.Active;
                    person.DeactivatedAt = after.Active ? null : now;
                }
                person.UpdatedAt = now;
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        foreach (var batch in plan.Changes.Where(c => ManagerIsNew(c.After)).Chunk(Limits.ApplyBatchSize))
        {
            var people = await TrackAsync(batch.Select(c => c.After.Id), cancellationToken);
            foreach (var change in batch)
            {
                people[change.After.Id].ManagerId = change.After.ManagerId;
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    private async Task<Dictionary<Guid, StaffMember>> TrackAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        return list.Count == 0
            ? []
            : await db.StaffMembers.Where(s => list.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
    }

    private async Task<(List<StaffValues> Roster, List<SiteChoice> Sites)> LoadRosterAsync(CancellationToken cancellationToken)
    {
        var roster = await db.StaffMembers.AsNoTracking()
            .Select(s => new StaffValues(s.Id, s.FirstName, s.LastName, s.Email, s.EmployeeId, s.JobRole, s.SiteId, s.HireDate,
                s.ManagerId, s.LicenceType, s.LicenceNumber, s.LicenceState, s.LicenceExpiry, s.Active))
            .ToListAsync(cancellationToken);
        var sites = await db.Sites.AsNoTracking()
            .Select(s => new SiteChoice(s.Id, s.Name, s.Active))
            .ToListAsync(cancellationToken);
        return (roster, sites);
    }

    private sealed record RosterFileContents(RosterLayout Layout, List<RosterEntry> Entries, List<RosterProblem> Problems, int Rows);

    /// <summary>Streams the file row by row through the rules; progress goes to the import row for the preview page.</summary>
    private async Task<RosterFileContents> ReadAsync(RosterImport import, string path, IReadOnlyList<SiteChoice> sites, bool reportProgress, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new RosterFileException("The uploaded file is no longer on the server. Upload it again.");
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 65536, FileOptions.SequentialScan);
        using var reader = RosterReader.Open(stream, import.Format, Limits.MaxUncompressedBytes);
        var rules = new RosterRules(sites);
        var entries = new List<RosterEntry>();
        var problems = new List<RosterProblem>();
        var rows = 0;
        foreach (var row in reader.ReadRows())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++rows > Limits.MaxRows)
            {
                throw new RosterFileException($"The file has more than {Limits.MaxRows:N0} rows, more than any practice's roster. Check that it is the right file, or split it.");
            }
            entries.Add(rules.Read(row, reader.Layout, problems));
            if (reportProgress && rows % Limits.ProgressEvery == 0)
            {
                var position = stream.Position;
                await db.RosterImports
                    .Where(i => i.Id == import.Id)
                    .ExecuteUpdateAsync(set => set.SetProperty(i => i.BytesRead, position).SetProperty(i => i.RowsRead, rows), cancellationToken);
            }
        }
        if (rows == 0)
        {
            // With "whole roster" ticked, an empty file would deactivate everyone.
            throw new RosterFileException("The file names the columns but has no rows of people under them.");
        }
        return new RosterFileContents(reader.Layout, entries, problems, rows);
    }

    /// <summary>Writes problems and the listed changes, then the counts, in one transaction; false if the import was discarded meanwhile.</summary>
    private async Task<bool> StorePreviewAsync(RosterImport import, int rows, List<RosterProblem> problems, RosterPlan plan, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.RosterImportIssues.Where(i => i.ImportId == import.Id).ExecuteDeleteAsync(cancellationToken);
        await db.RosterImportChanges.Where(c => c.ImportId == import.Id).ExecuteDeleteAsync(cancellationToken);

        foreach (var batch in problems.Take(Limits.MaxStoredIssues).Chunk(1000))
        {
            db.RosterImportIssues.AddRange(batch.Select(p => new RosterImportIssue
            {
                PracticeId = import.PracticeId,
                ImportId = import.Id,
                Line = p.Line,
                Column = p.Column,
                Message = Limit(p.Message, 500),
            }));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        var listed = plan.Changes.GroupBy(c => c.Kind).SelectMany(g => g.Take(Limits.MaxStoredChangesPerKind));
        foreach (var batch in listed.Chunk(1000))
        {
            db.RosterImportChanges.AddRange(batch.Select(c => new RosterImportChange
            {
                PracticeId = import.PracticeId,
                ImportId = import.Id,
                Kind = c.Kind,
                Line = c.Line,
                PersonName = Limit(c.After.FullName, 210),
                EmployeeId = c.After.EmployeeId,
                Detail = c.Detail,
            }));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var updated = await db.RosterImports
            .Where(i => i.Id == import.Id && i.Status == RosterImportStatus.Validating)
            .ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Status, RosterImportStatus.Previewed)
                .SetProperty(i => i.BytesRead, import.FileSize)
                .SetProperty(i => i.RowsRead, rows)
                .SetProperty(i => i.ErrorCount, problems.Count)
                .SetProperty(i => i.AddCount, plan.AddCount)
                .SetProperty(i => i.UpdateCount, plan.UpdateCount)
                .SetProperty(i => i.DeactivateCount, plan.DeactivateCount)
                .SetProperty(i => i.UnchangedCount, plan.UnchangedCount)
                .SetProperty(i => i.PreviewedAt, now), cancellationToken);
        if (updated != 1)
        {
            return false;
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>After the roster moved under a preview: the same stored file is checked again from the start.</summary>
    private async Task PreviewAgainAsync(Guid importId, CancellationToken cancellationToken)
    {
        var reset = await db.RosterImports
            .Where(i => i.Id == importId && i.Status == RosterImportStatus.Applying)
            .ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Status, RosterImportStatus.Validating)
                .SetProperty(i => i.BytesRead, 0L)
                .SetProperty(i => i.RowsRead, 0)
                .SetProperty(i => i.PreviewedAt, (DateTime?)null), cancellationToken);
        if (reset == 1)
        {
            await queue.EnqueueAsync(importId, cancellationToken);
        }
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 65536, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    /// <summary>The name as the administrator's computer had it, without any folder, for display only.</summary>
    private static string CleanFileName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        return Limit(name.Length == 0 ? "roster" : name, 260);
    }

    private static string Limit(string value, int length) => value.Length <= length ? value : value[..(length - 1)] + "…";
}
