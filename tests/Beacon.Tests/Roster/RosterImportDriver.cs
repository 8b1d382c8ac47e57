using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Beacon.Features.Roster;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Beacon.Tests.Roster;

/// <summary>Drives the import pages as an administrator would, and waits for the background check.</summary>
public static class RosterImportDriver
{
    public sealed record UploadResult(HttpStatusCode Status, Guid? ImportId, string Body);

    public static async Task<UploadResult> UploadAsync(this HttpClient client, byte[] file, string fileName, bool fullRoster = false)
    {
        var token = await client.GetAntiforgeryTokenAsync("/roster/imports");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        if (fullRoster)
        {
            form.Add(new StringContent("true"), "FullRoster");
        }
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "Upload", fileName);
        var response = await client.PostAsync("/roster/imports", form);
        var body = await response.Content.ReadAsStringAsync();
        Guid? id = response.StatusCode == HttpStatusCode.Redirect && Guid.TryParse(response.Headers.Location!.OriginalString.Split('/').Last(), out var parsed) ? parsed : null;
        return new UploadResult(response.StatusCode, id, body);
    }

    /// <summary>Uploads a file that must be accepted, and waits until Beacon has checked it.</summary>
    public static async Task<RosterImport> UploadAndCheckAsync(this HttpClient client, BeaconApp app, byte[] file, string fileName = "roster.csv", bool fullRoster = false)
    {
        var upload = await client.UploadAsync(file, fileName, fullRoster);
        Assert.True(upload.ImportId is not null, $"The upload was refused ({(int)upload.Status}).");
        return await app.WaitForImportAsync(upload.ImportId!.Value);
    }

    /// <summary>Polls the import until the background check (or apply) has finished with it.</summary>
    public static async Task<RosterImport> WaitForImportAsync(this BeaconApp app, Guid importId, TimeSpan? timeout = null)
    {
        // Real time, not the app's fake clock: the background check runs on real threads.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        while (true)
        {
            var import = await app.WithDbAsync(db => db.RosterImports.All().AsNoTracking().FirstAsync(i => i.Id == importId));
            if (import.Status is not (RosterImportStatus.Validating or RosterImportStatus.Applying))
            {
                return import;
            }
            Assert.True(waited.Elapsed < limit, $"Import {importId} still {import.Status} after the timeout.");
            await Task.Delay(20);
        }
    }

    public static async Task<HttpResponseMessage> ApplyAsync(this HttpClient client, Guid importId) =>
        await client.PostFormAsync($"/roster/imports/{importId}/apply", [], tokenPage: "/roster/imports");

    public static async Task<List<RosterImportIssue>> IssuesAsync(this BeaconApp app, Guid importId) =>
        await app.WithDbAsync(db => db.RosterImportIssues.All().AsNoTracking().Where(i => i.ImportId == importId).OrderBy(i => i.Line).ThenBy(i => i.Column).ToListAsync());

    public static async Task<List<RosterImportChange>> ChangesAsync(this BeaconApp app, Guid importId) =>
        await app.WithDbAsync(db => db.RosterImportChanges.All().AsNoTracking().Where(i => i.ImportId == importId).OrderBy(i => i.Line).ToListAsync());

    /// <summary>Every staff row of a practice with every field, as one string: equal fingerprints mean nothing changed.</summary>
    public static async Task<(int Count, string Fingerprint)> RosterFingerprintAsync(this BeaconApp app, Guid practiceId)
    {
        var people = await app.WithDbAsync(db => db.StaffMembers.All().AsNoTracking().Where(s => s.PracticeId == practiceId).OrderBy(s => s.Id).ToListAsync());
        var text = new StringBuilder();
        foreach (var p in people)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"{p.Id}|{p.FirstName}|{p.LastName}|{p.Email}|{p.EmployeeId}|{p.JobRole}|{p.SiteId}|{p.HireDate}|{p.ManagerId}|{p.LicenceType}|{p.LicenceNumber}|{p.LicenceState}|{p.LicenceExpiry}|{p.Active}|{p.DeactivatedAt:O}|{p.CreatedAt:O}|{p.UpdatedAt:O}");
        }
        return (people.Count, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))));
    }

    public static Task<int> StaffAuditCountAsync(this BeaconApp app, Guid practiceId) =>
        app.WithDbAsync(db => db.AuditEntries.All().CountAsync(e => e.PracticeId == practiceId && e.TargetType == "staff"));
}

/// <summary>
/// Throws on the Nth row inserted into staff_members once armed, the way a disk or network fault would strike in
/// the middle of an apply. Registered through DI, so it joins every context of the app.
/// </summary>
public sealed partial class FailingStaffInsert(int failOnInsert) : DbCommandInterceptor
{
    private int _inserts;
    private volatile bool _armed;

    /// <summary>Counts (and fails) only once armed, so arranging the test's data is not affected.</summary>
    public bool Armed
    {
        get => _armed;
        set => _armed = value;
    }

    public int Inserts => _inserts;

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    private void Check(DbCommand command)
    {
        if (!_armed)
        {
            return;
        }
        // SQLite quotes the table name, PostgreSQL does not.
        foreach (Match _ in InsertIntoStaff().Matches(command.CommandText))
        {
            if (Interlocked.Increment(ref _inserts) >= failOnInsert)
            {
                throw new InvalidOperationException($"Injected fault on staff insert {_inserts}.");
            }
        }
    }

    [GeneratedRegex("INSERT INTO \"?staff_members\"?", RegexOptions.IgnoreCase)]
    private static partial Regex InsertIntoStaff();
}
