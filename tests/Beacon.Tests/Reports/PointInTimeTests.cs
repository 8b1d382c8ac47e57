using System.Security.Cryptography;
using System.Text;
using Beacon.Data;
using Beacon.Features.Reports;
using Beacon.Features.Requirements;
using Beacon.Tests.Certificates;
using Beacon.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Tests.Reports;

public sealed class PointInTimeTests
{
    private static readonly DateOnly Day = new(2026, 3, 2);
    private const string Url = "/reports/export/csv?date=2026-03-02";

    [Theory, DatabaseData]
    public async Task A_report_on_a_past_day_stays_byte_identical_when_later_history_is_recorded(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, requirement, adminAccount) = await app.PracticeWithRequirementAsync(staff: 4);
        var staff = practice.StaffIds;
        await app.CompleteAsync(practice.PracticeId, staff[0], new DateOnly(2026, 2, 20));
        var exemption = await app.ExemptAsync(practice.PracticeId, requirement.Id, staff[1], new DateOnly(2026, 2, 1), new DateOnly(2026, 6, 30), "parental leave");
        // The next morning: everything from here on was recorded after the end of 2026-03-02 in Chicago.
        app.Time.Advance(TimeSpan.FromDays(1));
        var admin = await app.SignInAsync(adminAccount);

        var before = await admin.StringAsync(Url);
        var beforeXlsx = await admin.BytesAsync("/reports/export/xlsx?date=2026-03-02");
        var beforeRows = await RowsAsync(app, practice.PracticeId, Day);
        Assert.Equal(
            [(staff[0], DueState.Compliant), (staff[1], DueState.Exempt), (staff[2], DueState.Overdue), (staff[3], DueState.Overdue)],
            beforeRows.Select(r => (r.StaffMemberId, r.State)).OrderBy(r => Array.IndexOf(staff, r.StaffMemberId)));

        // Later: a back-dated completion, an exemption ended and another granted, roster changes (role, site,
        // name, a leaver, a new hire), the requirement edited and a second one added.
        app.Time.Advance(TimeSpan.FromHours(2));
        await app.CompleteAsync(practice.PracticeId, staff[2], new DateOnly(2026, 3, 1));
        await app.ExemptAsync(practice.PracticeId, requirement.Id, staff[3], new DateOnly(2026, 1, 1), null, "long-term sick leave");
        await app.WithDbAsync(async db =>
        {
            (await db.Exemptions.SingleAsync(e => e.Id == exemption.Id)).EndedAt = app.Time.GetUtcNow().UtcDateTime;
            var moved = await db.StaffMembers.SingleAsync(s => s.Id == staff[0]);
            moved.JobRole = "front-desk";
            moved.SiteId = practice.SiteIds.Single(s => s != moved.SiteId);
            moved.LastName = "Renamed";
            (await db.StaffMembers.SingleAsync(s => s.Id == staff[1])).Active = false;
            db.StaffMembers.Add(new Beacon.Features.Roster.StaffMember
            {
                PracticeId = practice.PracticeId, FirstName = "New", LastName = "Hire", Email = TestData.UniqueEmail("hire"), EmployeeId = "E9999",
                JobRole = "registered-nurse", SiteId = practice.SiteIds[0], HireDate = new DateOnly(2026, 3, 3),
                CreatedAt = app.Time.GetUtcNow().UtcDateTime, UpdatedAt = app.Time.GetUtcNow().UtcDateTime,
            });
            var edited = await db.Requirements.SingleAsync(r => r.Id == requirement.Id);
            edited.Months = 24;
            edited.Name = "Renamed requirement";
            db.Requirements.Add(new Requirement { PracticeId = practice.PracticeId, Name = "Another", CourseId = ReportSeed.Course, Frequency = Frequency.Once, StartsOn = new DateOnly(2025, 1, 1) });
            await db.SaveChangesAsync();
        }, practice.PracticeId);
        app.Time.Advance(TimeSpan.FromDays(3));
        admin = await app.SignInAsync(adminAccount);

        var after = await admin.StringAsync(Url);
        Assert.Equal(ReportSeed.WithoutGeneratedAt(before), ReportSeed.WithoutGeneratedAt(after));
        Assert.NotEqual(before, after);
        Assert.Equal(beforeRows, await RowsAsync(app, practice.PracticeId, Day));
        Assert.Equal(SheetText(beforeXlsx, "Report"), SheetText(await admin.BytesAsync("/reports/export/xlsx?date=2026-03-02"), "Report"));

        // Today's report does see the later history, so the comparison above can fail.
        var today = await RowsAsync(app, practice.PracticeId, new DateOnly(2026, 3, 6));
        Assert.Equal(DueState.Compliant, today.Single(r => r.StaffMemberId == staff[2] && r.RequirementId == requirement.Id).State);
        Assert.Contains(today, r => r.Person == "Renamed, Person1" && r.Requirement == "Renamed requirement");
        Assert.DoesNotContain(today, r => r.StaffMemberId == staff[1]);
    }

    [Theory, DatabaseData]
    public async Task Csv_xlsx_pdf_and_page_print_the_same_reproducible_hash_of_the_canonical_rows(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, adminAccount) = await app.PracticeWithRequirementAsync(staff: 5);
        await app.CompleteAsync(practice.PracticeId, practice.StaffIds[0], new DateOnly(2026, 2, 20));
        var admin = await app.SignInAsync(adminAccount);

        var csv = await admin.StringAsync(Url);
        var hash = ReportSeed.Fact(csv, "Data SHA-256");
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal("5", ReportSeed.Fact(csv, "Rows"));

        // The documented canonical form, rebuilt from the CSV's data table: heading + rows, RFC 4180, LF, UTF-8.
        var table = csv.TrimStart('\uFEFF').Split("\r\n\r\n")[0].Split("\r\n");
        Assert.Equal(6, table.Length);
        var canonical = string.Concat(table.Select(line => line + "\n"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), hash);

        var workbook = await admin.BytesAsync("/reports/export/xlsx?date=2026-03-02");
        Assert.Contains($"Data SHA-256\t{hash}", SheetText(workbook, "About"), StringComparison.Ordinal);
        var sheet = SheetText(workbook, "Report").Split('\n');
        Assert.Equal(string.Join('\t', ReportRow.Headings), sheet[0]);
        Assert.Equal(6, sheet.Length);

        var pdf = await PdfTools.TextAsync(await admin.BytesAsync("/reports/export/pdf?date=2026-03-02"));
        Assert.Contains(hash, pdf, StringComparison.Ordinal);
        Assert.Contains(practice.Name, pdf, StringComparison.Ordinal);

        var page = await admin.GetPageAsync("/reports?date=2026-03-02");
        Assert.Equal(hash, page.Text("#report-hash"));
        Assert.Equal(5, page.QuerySelectorAll("#report-rows tbody tr").Length);

        // Run again later: same hash, different generated-at.
        app.Time.Advance(TimeSpan.FromDays(2));
        admin = await app.SignInAsync(adminAccount);
        var again = await admin.StringAsync(Url);
        Assert.Equal(hash, ReportSeed.Fact(again, "Data SHA-256"));
        Assert.NotEqual(ReportSeed.Fact(csv, "Generated at"), ReportSeed.Fact(again, "Generated at"));
        // A different filter is a different report with a different hash.
        var oneRole = await admin.StringAsync(Url + "&role=front-desk");
        Assert.NotEqual(hash, ReportSeed.Fact(oneRole, "Data SHA-256"));
        Assert.Equal("2", ReportSeed.Fact(oneRole, "Rows"));
    }

    [Fact]
    public void Csv_cells_that_a_spreadsheet_would_run_as_formulas_are_prefixed_and_quoted()
    {
        Assert.Equal("\"'=HYPERLINK(\"\"http://x\"\")\"", Csv.SafeField("=HYPERLINK(\"http://x\")"));
        Assert.Equal("\"'+1\"", Csv.SafeField("+1"));
        Assert.Equal("\"'-2+3\"", Csv.SafeField("-2+3"));
        Assert.Equal("\"'@SUM(A1)\"", Csv.SafeField("@SUM(A1)"));
        Assert.Equal("\"'\tx\"", Csv.SafeField("\tx"));
        Assert.Equal("\"'\rx\"", Csv.SafeField("\rx"));
        Assert.Equal("Smith", Csv.SafeField("Smith"));
        Assert.Equal("\"Smith, Jane\"", Csv.SafeField("Smith, Jane"));
        Assert.Equal("a=b", Csv.SafeField("a=b"));
    }

    [Theory, DatabaseData]
    public async Task A_name_written_as_a_formula_is_text_in_the_csv_and_unchanged_in_the_hash(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, adminAccount) = await app.PracticeWithRequirementAsync(staff: 1);
        await app.WithDbAsync(async db =>
        {
            var person = await db.StaffMembers.SingleAsync();
            person.FirstName = "-2+3";
            person.LastName = "=HYPERLINK(\"http://evil.example\",\"x\")";
            await db.SaveChangesAsync();
        }, practice.PracticeId);
        var admin = await app.SignInAsync(adminAccount);

        var csv = await admin.StringAsync(Url);
        var row = csv.Split("\r\n")[1];
        Assert.StartsWith("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\"), -2+3\",", row, StringComparison.Ordinal);
        var rows = await RowsAsync(app, practice.PracticeId, Day);
        using var hash = new ReportHash();
        hash.Add(Assert.Single(rows));
        Assert.Equal(hash.Finish(), ReportSeed.Fact(csv, "Data SHA-256"));
    }

    [Theory, DatabaseData]
    public async Task Trend_months_are_cached_once_ended_and_equal_a_fresh_evaluation(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, adminAccount) = await app.PracticeWithRequirementAsync(staff: 4);
        await app.CompleteAsync(practice.PracticeId, practice.StaffIds[0], new DateOnly(2026, 3, 2));
        // Three months on: January–March 2026... only March and later have anyone under the requirement (recorded Mar 2).
        app.Time.Advance(TimeSpan.FromDays(95));
        var admin = await app.SignInAsync(adminAccount);

        var page = await admin.GetPageAsync("/reports");
        var cached = await app.WithDbAsync(db => db.ComplianceTrendMonths.AsNoTracking().OrderBy(m => m.MonthEnd).ToListAsync(), practice.PracticeId);
        Assert.Equal(12, cached.Count);
        Assert.Equal(new DateOnly(2026, 5, 31), cached[^1].MonthEnd);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Beacon.Data.TenantContext>().ActForPractice(practice.PracticeId);
            var trend = scope.ServiceProvider.GetRequiredService<ComplianceTrend>();
            foreach (var month in cached)
            {
                var fresh = await trend.EvaluateAsync(practice.PracticeId, month.MonthEnd, CancellationToken.None);
                Assert.Equal((fresh.Counted, fresh.Compliant), (month.Counted, month.Compliant));
            }
        }
        var march = cached.Single(m => m.MonthEnd == new DateOnly(2026, 3, 31));
        Assert.Equal((4, 1), (march.Counted, march.Compliant));
        Assert.Equal(0, cached.Single(m => m.MonthEnd == new DateOnly(2026, 2, 28)).Counted);

        // The chart and its table say the same thing.
        Assert.Equal("img", page.QuerySelector(".compliance-trend svg")!.GetAttribute("role"));
        Assert.Contains("Mar 2026 25%", page.Text("#trend-desc"), StringComparison.Ordinal);
        var marchRow = page.QuerySelectorAll("#trend-table tbody tr").Single(r => r.TextContent.Contains("Mar 2026", StringComparison.Ordinal));
        Assert.Contains("25% (1)", marchRow.TextContent, StringComparison.Ordinal);

        // A second view reads the cache: the stored rows are not rewritten.
        var stamps = cached.Select(m => m.ComputedAt).ToList();
        app.Time.Advance(TimeSpan.FromMinutes(5));
        await admin.GetPageAsync("/reports");
        Assert.Equal(stamps, await app.WithDbAsync(db => db.ComplianceTrendMonths.AsNoTracking().OrderBy(m => m.MonthEnd).Select(m => m.ComputedAt).ToListAsync(), practice.PracticeId));
    }

    [Theory, DatabaseData]
    public async Task A_large_export_runs_in_the_background_with_progress_and_downloads_every_row(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, adminAccount) = await app.PracticeWithRequirementAsync(staff: 1);
        const int extra = 3_000;
        await app.WithDbAsync(async db =>
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            db.StaffMembers.AddRange(Enumerable.Range(0, extra).Select(i => new Beacon.Features.Roster.StaffMember
            {
                PracticeId = practice.PracticeId, FirstName = $"Bulk{i:D4}", LastName = "Person", Email = $"bulk{i}@example.test", EmployeeId = $"B{i:D5}",
                JobRole = "registered-nurse", SiteId = practice.SiteIds[i % 2], HireDate = new DateOnly(2024, 1, 1), CreatedAt = now, UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
        }, practice.PracticeId);
        app.Time.Advance(TimeSpan.FromDays(1));
        var admin = await app.SignInAsync(adminAccount);

        foreach (var format in new[] { "csv", "xlsx", "pdf" })
        {
            var start = await admin.PostFormAsync("/reports/exports", [Html.F("format", format), Html.F("date", "2026-03-02")], tokenPage: "/account/security");
            Assert.Equal(System.Net.HttpStatusCode.Redirect, start.StatusCode);
            var jobUrl = start.Headers.Location!.OriginalString;
            var jobId = Guid.Parse(jobUrl.Split('/')[^1]);
            var job = app.Services.GetRequiredService<ReportExportJobs>();
            string progress;
            do
            {
                progress = await admin.StringAsync(jobUrl + "/progress");
                await Task.Delay(50);
            }
            while (progress.Contains("\"status\":\"running\"", StringComparison.Ordinal));
            Assert.Contains("\"status\":\"done\"", progress, StringComparison.Ordinal);
            Assert.Contains("\"peopleDone\":3001,\"peopleTotal\":3001", progress, StringComparison.Ordinal);

            var done = await admin.GetPageAsync(jobUrl);
            var hash = done.Text("#export-hash");
            var file = await admin.BytesAsync(jobUrl + "/file");
            if (format == "csv")
            {
                var csv = Encoding.UTF8.GetString(file);
                Assert.Equal("3001", ReportSeed.Fact(csv, "Rows"));
                Assert.Equal(hash, ReportSeed.Fact(csv, "Data SHA-256"));
            }
            else if (format == "xlsx")
            {
                Assert.Equal(3002, SheetText(file, "Report").Split('\n').Length);
            }
            else
            {
                Assert.Contains(hash, await PdfTools.TextAsync(file), StringComparison.Ordinal);
            }
            // Another account cannot see or download someone else's file.
            var other = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Beacon.Features.Accounts.Roles.PracticeAdmin));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await other.GetAsync(jobUrl + "/file")).StatusCode);
            Assert.NotNull(job.Find(jobId, practice.PracticeId, adminAccount.UserId));
        }
    }

    internal static async Task<List<ReportRow>> RowsAsync(BeaconApp app, Guid practiceId, DateOnly day, ReportFilter? filter = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Beacon.Data.TenantContext>().ActForPractice(practiceId);
        var report = await scope.ServiceProvider.GetRequiredService<PointInTimeReports>().PrepareAsync(practiceId, filter ?? new ReportFilter(day), CancellationToken.None);
        var rows = new List<ReportRow>();
        await foreach (var row in report!.RowsAsync())
        {
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>A sheet's cells, tab-separated, one line per row.</summary>
    internal static string SheetText(byte[] workbook, string sheetName)
    {
        using var stream = new MemoryStream(workbook);
        using var document = SpreadsheetDocument.Open(stream, false);
        var part = document.WorkbookPart!;
        var sheet = part.Workbook.Descendants<Sheet>().Single(s => s.Name == sheetName);
        var worksheet = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet;
        return string.Join("\n", worksheet.Descendants<Row>().Select(r => string.Join("\t", r.Elements<Cell>().Select(c => c.InnerText))));
    }
}
