using System.Net;
using Beacon.Data;
using Beacon.Features.Roster;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Beacon.Tests.Roster.RosterFiles;

namespace Beacon.Tests.Roster;

public sealed class RosterIsolationTests
{
    [Theory, DatabaseData]
    public async Task Another_practices_people_and_imports_answer_not_found_and_stay_unchanged(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var mine = await app.PracticeWithAdminAsync(staff: 1);
        var theirs = await app.PracticeWithAdminAsync(staff: 2);
        var theirImport = await theirs.Client.UploadAndCheckAsync(app, Csv(Header, "Zed,Z,zed@example.test,Z1,billing,North Clinic,,,,,,,yes"));
        var person = theirs.Practice.StaffIds[0];
        var before = await app.RosterFingerprintAsync(theirs.PracticeId);

        foreach (var url in new[] { $"/roster/{person}", $"/roster/{person}/edit", $"/roster/{person}/deactivate", $"/roster/{person}/reactivate",
                     $"/roster/imports/{theirImport.Id}", $"/roster/imports/{theirImport.Id}/progress", $"/roster/imports/{theirImport.Id}/apply", $"/roster/imports/{theirImport.Id}/discard" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await mine.Client.GetAsync(url)).StatusCode);
        }
        var token = await mine.Client.GetAntiforgeryTokenAsync("/roster");
        foreach (var url in new[] { $"/roster/{person}/edit", $"/roster/{person}/deactivate", $"/roster/imports/{theirImport.Id}/apply", $"/roster/imports/{theirImport.Id}/discard" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await mine.Client.PostFormWithTokenAsync(url, [Html.F("Input.FirstName", "Mallory")], token)).StatusCode);
        }

        Assert.Equal(before, await app.RosterFingerprintAsync(theirs.PracticeId));
        Assert.Equal(RosterImportStatus.Previewed, (await app.WaitForImportAsync(theirImport.Id)).Status);
        Assert.DoesNotContain(theirImport.Id.ToString(), (await mine.Client.GetStringAsync("/roster/imports")), StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task Staff_who_are_not_practice_administrators_cannot_open_the_roster(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var learner = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, "Learner"));

        foreach (var url in new[] { "/roster", "/roster/new", $"/roster/{practice.StaffIds[0]}", "/roster/imports", "/roster/imports/template.csv" })
        {
            var response = await learner.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{url} answered {(int)response.StatusCode}");
            Assert.Contains("access-denied", response.Headers.Location?.OriginalString ?? "access-denied", StringComparison.Ordinal);
        }
    }

    [Theory, DatabaseData]
    public async Task Imports_cut_off_by_a_restart_are_marked_failed_and_their_files_deleted(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        var previewed = await admin.Client.UploadAndCheckAsync(app, Csv(Header, "Ida,I,ida@example.test,I1,billing,North Clinic,,,,,,,yes"));
        var stuck = await app.WithDbAsync(async db =>
        {
            var imports = new[] { RosterImportStatus.Validating, RosterImportStatus.Applying }.Select(status => new RosterImport
            {
                PracticeId = admin.PracticeId,
                FileName = $"{status}.csv",
                Format = "csv",
                FileHash = "",
                Status = status,
                UploadedAt = app.Time.GetUtcNow().UtcDateTime,
            }).ToList();
            db.RosterImports.AddRange(imports);
            await db.SaveChangesAsync();
            return imports.Select(i => i.Id).ToList();
        });
        var stuckFile = Path.Combine(app.DataDirectory, "imports", admin.PracticeId.ToString(), stuck[0].ToString());
        await File.WriteAllTextAsync(stuckFile, "first_name");

        // What a fresh start of Beacon does before serving.
        await ActivatorUtilities.CreateInstance<RosterImportWorker>(app.Services).FailInterruptedAsync(CancellationToken.None);

        var imports = await app.WithDbAsync(db => db.RosterImports.AsNoTracking().ToDictionaryAsync(i => i.Id), admin.PracticeId);
        Assert.All(stuck, id => Assert.Equal(RosterImportStatus.Failed, imports[id].Status));
        Assert.All(stuck, id => Assert.Contains("Upload the file again", imports[id].FileError, StringComparison.Ordinal));
        Assert.Equal(RosterImportStatus.Previewed, imports[previewed.Id].Status);
        Assert.False(File.Exists(stuckFile));
    }

    [Theory, DatabaseData]
    public async Task Previews_nobody_applied_are_closed_after_two_weeks_and_their_files_deleted(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        var old = await admin.Client.UploadAndCheckAsync(app, Csv(Header, "Ida,I,ida@example.test,I1,billing,North Clinic,,,,,,,yes"));
        var file = Path.Combine(app.DataDirectory, "imports", admin.PracticeId.ToString(), old.Id.ToString());
        Assert.True(File.Exists(file));
        app.Time.Advance(TimeSpan.FromDays(13));
        var worker = ActivatorUtilities.CreateInstance<RosterImportWorker>(app.Services);

        await worker.ExpireStalePreviewsAsync(CancellationToken.None);
        Assert.Equal(RosterImportStatus.Previewed, (await app.WaitForImportAsync(old.Id)).Status);

        app.Time.Advance(TimeSpan.FromDays(2));
        await worker.ExpireStalePreviewsAsync(CancellationToken.None);
        var closed = await app.WaitForImportAsync(old.Id);
        Assert.Equal(RosterImportStatus.Rejected, closed.Status);
        Assert.Contains("not applied within 14 days", closed.FileError, StringComparison.Ordinal);
        // Advancing the clock also wakes the app's own worker, which may be the one that closed it and is
        // deleting the file a moment after its update; give it that moment.
        await WaitUntilGoneAsync(file);
    }

    private static async Task WaitUntilGoneAsync(string file)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (File.Exists(file) && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.False(File.Exists(file), $"{file} was still there 10 s after its preview was closed");
    }
}
