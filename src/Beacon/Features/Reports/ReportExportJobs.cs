using System.Collections.Concurrent;
using Beacon.Data;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Reports;

public enum ExportStatus
{
    Running,
    Done,
    Failed,
}

/// <summary>One prepared download: who asked, what, how far it has got, and the file once written.</summary>
public sealed class ExportJob
{
    public required Guid Id { get; init; }
    public required Guid PracticeId { get; init; }
    public required Guid UserId { get; init; }
    public required ReportFormat Format { get; init; }
    public required ReportFilter Filter { get; init; }
    public required string Path { get; init; }
    public required DateTime StartedAt { get; init; }

    private int _peopleDone;
    private int _peopleTotal;

    // Written by the job's thread, read by progress requests.
    public int PeopleDone { get => Volatile.Read(ref _peopleDone); set => Volatile.Write(ref _peopleDone, value); }
    public int PeopleTotal { get => Volatile.Read(ref _peopleTotal); set => Volatile.Write(ref _peopleTotal, value); }

    public ExportStatus Status { get; set; } = ExportStatus.Running;
    public ReportFacts? Facts { get; set; }
    public string? FileName { get; set; }
    public string? Problem { get; set; }

    /// <summary>The writing task (tests await it).</summary>
    public Task Running { get; set; } = Task.CompletedTask;
}

/// <summary>
/// Large exports run as background jobs on the node that was asked: the report is written to a file under
/// <c>&lt;DataDirectory&gt;/exports</c> while the page polls its progress, then downloaded from there. Jobs live in
/// memory (a restart forgets them, and the page then says so); files are removed an hour after they were
/// started. A job is visible only to the account that started it.
/// </summary>
public sealed class ReportExportJobs(IServiceScopeFactory scopes, IOptions<DatabaseOptions> database, TimeProvider time, ILogger<ReportExportJobs> logger)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<Guid, ExportJob> _jobs = new();

    public static string TempPath(DatabaseOptions options, Guid id, ReportFormat format)
    {
        var folder = System.IO.Path.Combine(options.ResolveDataDirectory(""), "exports");
        Directory.CreateDirectory(folder);
        return System.IO.Path.Combine(folder, $"{id:N}.{ReportFiles.Extension(format)}");
    }

    public ExportJob Start(Guid practiceId, Guid userId, ReportFormat format, ReportFilter filter)
    {
        RemoveOld();
        var id = Guid.CreateVersion7();
        var job = new ExportJob
        {
            Id = id,
            PracticeId = practiceId,
            UserId = userId,
            Format = format,
            Filter = filter,
            Path = TempPath(database.Value, id, format),
            StartedAt = time.GetUtcNow().UtcDateTime,
        };
        _jobs[id] = job;
        job.Running = Task.Run(() => RunAsync(job));
        return job;
    }

    public ExportJob? Find(Guid id, Guid practiceId, Guid userId) =>
        _jobs.TryGetValue(id, out var job) && job.PracticeId == practiceId && job.UserId == userId ? job : null;

    private async Task RunAsync(ExportJob job)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActForPractice(job.PracticeId);
            var report = await scope.ServiceProvider.GetRequiredService<PointInTimeReports>().PrepareAsync(job.PracticeId, job.Filter, CancellationToken.None)
                ?? throw new InvalidOperationException($"Practice {job.PracticeId} not found.");
            job.PeopleTotal = report.PeopleCount;
            await using (var file = new FileStream(job.Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                job.Facts = await ReportFiles.WriteAsync(job.Format, report, file, time.GetUtcNow().UtcDateTime, done => job.PeopleDone = done, CancellationToken.None);
            }
            job.FileName = ReportFiles.FileName(report, job.Format);
            job.Status = ExportStatus.Done;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Report export {JobId} for practice {PracticeId} failed", job.Id, job.PracticeId);
            job.Problem = "Beacon could not write this file. Try again; if it fails again, the error is in the server log under this export's id.";
            job.Status = ExportStatus.Failed;
            TryDelete(job.Path);
        }
    }

    private void RemoveOld()
    {
        var cutoff = time.GetUtcNow().UtcDateTime - KeepFor;
        foreach (var old in _jobs.Values.Where(j => j.StartedAt < cutoff && j.Status != ExportStatus.Running).ToList())
        {
            if (_jobs.TryRemove(old.Id, out _))
            {
                TryDelete(old.Path);
            }
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException ex)
        {
            // Being downloaded right now: the next sweep removes it.
            logger.LogWarning(ex, "Could not remove export file {Path} yet", path);
        }
    }
}
