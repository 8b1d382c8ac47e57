using System.Net;
using System.Text;
using Beacon.Data;
using Beacon.Features.Roster;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Roster.RosterFiles;

namespace Beacon.Tests.Roster;

/// <summary>Files that are not a usable roster: each gets a clear error, and nothing is written to the roster.</summary>
public sealed class RosterFileErrorTests
{
    [Theory, DatabaseData]
    public async Task Files_that_are_not_rosters_are_refused_on_upload_and_write_nothing(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync(staff: 3);
        var before = await app.RosterFingerprintAsync(admin.PracticeId);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj << /Type /Catalog >> endobj\n");
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52 };
        var binary = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 % 256)).ToArray();
        var xls = new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0 };
        var utf16NoBom = Encoding.Unicode.GetBytes(Header + "\r\nAna,Alpha,ana@example.test,A1,physician,North Clinic,,,,,,,yes\r\n");
        var latin1 = Encoding.Latin1.GetBytes(Header + "\r\nJosé,Núñez,jose@example.test,A1,physician,North Clinic,,,,,,,yes\r\n");
        var tooLarge = new byte[RosterImportOptions.MaxFileBytes + 1];
        Encoding.ASCII.GetBytes(Header + "\r\n").CopyTo(tooLarge, 0);
        tooLarge.AsSpan(Header.Length + 2).Fill((byte)'a');

        (string Name, byte[] Bytes, string Message)[] cases =
        [
            ("roster.pdf", pdf, "PDF document"),
            ("roster.csv", png, "picture"),
            ("roster.csv", binary, "binary data"),
            ("roster.xls", xls, "older Excel workbook"),
            ("roster.csv", Utf16(Header, "Ana,Alpha,ana@example.test,A1,physician,North Clinic,,,,,,,yes"), "UTF-16"),
            ("roster.csv", utf16NoBom, "UTF-16"),
            ("roster.csv", latin1, "not saved as UTF-8"),
            ("roster.csv", [], "The file is empty"),
            ("roster.csv", tooLarge, "up to 20 MB"),
        ];
        foreach (var (name, bytes, message) in cases)
        {
            var upload = await admin.Client.UploadAsync(bytes, name, fullRoster: true);
            Assert.True(upload.Status == HttpStatusCode.OK, $"{message}: answered {(int)upload.Status}");
            var page = await Html.ParseAsync(new HttpResponseMessage { Content = new StringContent(upload.Body) });
            var error = page.QuerySelector("#upload-error")?.TextContent ?? "";
            Assert.Contains(message, error, StringComparison.Ordinal);
            Assert.Equal("true", page.QuerySelector("#Upload")?.GetAttribute("aria-invalid"));
            Assert.Contains("upload-error", page.QuerySelector("#Upload")?.GetAttribute("aria-describedby") ?? "", StringComparison.Ordinal);
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.RosterImports.CountAsync(), admin.PracticeId));
        Assert.Equal(before, await app.RosterFingerprintAsync(admin.PracticeId));
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "imports", admin.PracticeId.ToString())) &&
                     Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "imports", admin.PracticeId.ToString())).Any());
    }

    [Theory, DatabaseData]
    public async Task Files_with_wrong_or_missing_columns_are_rejected_naming_them(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync(staff: 3);
        var before = await app.RosterFingerprintAsync(admin.PracticeId);

        var missing = await admin.Client.UploadAndCheckAsync(app, Csv("first_name,last_name,email,job_role", "Ana,Alpha,ana@example.test,physician"), fullRoster: true);
        var unknown = await admin.Client.UploadAndCheckAsync(app, Csv(Header + ",Favourite Colour,Shoe size", "Ana,Alpha,ana@example.test,A1,physician,North Clinic,,,,,,,yes,blue,9"));
        var semicolons = await admin.Client.UploadAndCheckAsync(app, Csv(Header.Replace(',', ';'), "Ana;Alpha;ana@example.test;A1;physician;North Clinic;;;;;;;yes"));
        var twice = await admin.Client.UploadAndCheckAsync(app, Csv(Header + ",Email", "Ana,Alpha,ana@example.test,A1,physician,North Clinic,,,,,,,yes,ana@example.test"));
        var headerOnly = await admin.Client.UploadAndCheckAsync(app, Csv(Header), fullRoster: true);

        Assert.All(new[] { missing, unknown, semicolons, twice, headerOnly }, i => Assert.Equal(RosterImportStatus.Rejected, i.Status));
        Assert.Contains("missing: site", missing.FileError, StringComparison.Ordinal);
        Assert.Contains("“Favourite Colour”, “Shoe size”", unknown.FileError, StringComparison.Ordinal);
        Assert.Contains("semicolons", semicolons.FileError, StringComparison.Ordinal);
        Assert.Contains("more than once: email", twice.FileError, StringComparison.Ordinal);
        Assert.Contains("no rows of people", headerOnly.FileError, StringComparison.Ordinal);
        foreach (var import in new[] { missing, unknown, semicolons, twice, headerOnly })
        {
            Assert.Empty(await app.IssuesAsync(import.Id));
            Assert.Empty(await app.ChangesAsync(import.Id));
            Assert.False(File.Exists(Path.Combine(app.DataDirectory, "imports", admin.PracticeId.ToString(), import.Id.ToString())));
        }
        var page = await admin.Client.GetPageAsync($"/roster/imports/{unknown.Id}");
        Assert.Contains("This file cannot be used", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await app.RosterFingerprintAsync(admin.PracticeId));
    }

    [Theory, DatabaseData]
    public async Task A_csv_that_stops_being_utf8_part_way_is_rejected_with_its_line(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync(staff: 2);
        var before = await app.RosterFingerprintAsync(admin.PracticeId);
        // Past the first 8 KB the upload sniffs, so only reading the whole file can find it.
        var good = Encoding.UTF8.GetString(ManyPeople(200, "North Clinic"));
        var bytes = Encoding.UTF8.GetBytes(good).Concat(Encoding.Latin1.GetBytes("José,Núñez,jose@example.test,J1,physician,North Clinic,,,,,,,yes\r\n")).ToArray();

        var import = await admin.Client.UploadAndCheckAsync(app, bytes, fullRoster: true);

        Assert.Equal(RosterImportStatus.Rejected, import.Status);
        Assert.Contains("Line 202 is not UTF-8", import.FileError, StringComparison.Ordinal);
        Assert.Equal(before, await app.RosterFingerprintAsync(admin.PracticeId));
    }

    [Theory, DatabaseData]
    public async Task An_xlsx_with_a_formula_is_rejected_naming_the_cell(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync(staff: 2);
        var before = await app.RosterFingerprintAsync(admin.PracticeId);
        var workbook = Xlsx([
            ["first_name", "last_name", "email", "job_role", "site"],
            ["Ana", "Alpha", "ana@example.test", "physician", "North Clinic"],
            ["Ben", "Beta", "ben@example.test", "billing", "South Clinic"],
        ], formulaCell: "B3");

        var import = await admin.Client.UploadAndCheckAsync(app, workbook, "roster.xlsx", fullRoster: true);

        Assert.Equal(RosterImportStatus.Rejected, import.Status);
        Assert.Contains("Cell B3 contains a formula", import.FileError, StringComparison.Ordinal);
        Assert.Equal(before, await app.RosterFingerprintAsync(admin.PracticeId));
    }

    [Theory, DatabaseData]
    public async Task An_xlsx_zip_bomb_is_rejected_before_it_is_expanded(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync(staff: 2);
        var before = await app.RosterFingerprintAsync(admin.PracticeId);
        var workbook = Xlsx([["first_name", "last_name", "email", "job_role", "site"], ["Ana", "Alpha", "ana@example.test", "physician", "North Clinic"]]);
        var bomb = ZipBomb(workbook, 210L * 1024 * 1024);
        Assert.True(bomb.Length < RosterImportOptions.MaxFileBytes, $"The bomb is {bomb.Length} bytes");

        var import = await admin.Client.UploadAndCheckAsync(app, bomb, "roster.xlsx", fullRoster: true);

        Assert.Equal(RosterImportStatus.Rejected, import.Status);
        Assert.Contains("more than 200 MB", import.FileError, StringComparison.Ordinal);
        Assert.Equal(before, await app.RosterFingerprintAsync(admin.PracticeId));
    }

    [Theory, DatabaseData]
    public async Task A_zip_that_is_not_a_workbook_is_rejected(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync(staff: 2);
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry("notes.txt").Open());
            await writer.WriteAsync("not a roster");
        }

        var import = await admin.Client.UploadAndCheckAsync(app, zip.ToArray(), "roster.xlsx");

        Assert.Equal(RosterImportStatus.Rejected, import.Status);
        Assert.Contains("not an Excel workbook", import.FileError, StringComparison.Ordinal);
    }
}
