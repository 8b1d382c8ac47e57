using System.Text;
using System.Text.RegularExpressions;
using Beacon.BrowserTests.Infrastructure;
using Beacon.BrowserTests.Pages;
using Beacon.Data;
using Beacon.Tests.Certificates;
using Beacon.Tests.Infrastructure;
using Beacon.Tests.Reports;
using Microsoft.Playwright;

namespace Beacon.BrowserTests;

/// <summary>
/// A practice administrator runs a report on a past day, downloads it (CSV, PDF and a prepared file) with the
/// same data hash as the page, and grants an outside auditor, who sees the reports but no learner pages.
/// axe runs on every page visited.
/// </summary>
public sealed partial class ReportsTests
{
    [Fact]
    public async Task Administrator_downloads_a_past_report_and_grants_an_auditor_who_sees_reports_but_no_learner_pages()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var (practice, requirement, admin) = await app.PracticeWithRequirementAsync(staff: 4);
        var staff = practice.StaffIds;
        // Person1 and Person3 work at South Clinic, Person2 and Person4 at North Clinic.
        await app.CompleteAsync(practice.PracticeId, staff[0], new DateOnly(2026, 2, 20));
        await app.ExemptAsync(practice.PracticeId, requirement.Id, staff[1], new DateOnly(2026, 2, 1), new DateOnly(2026, 6, 30), "parental leave");
        // The next morning, so March 2 is a day in the past.
        app.Time.Advance(TimeSpan.FromDays(1));
        var auditorEmail = TestData.UniqueEmail("surveyor");
        const string auditorPassword = "lantern quarry biscuit heron";

        await Browser.WithPageAsync(nameof(Administrator_downloads_a_past_report_and_grants_an_auditor_who_sees_reports_but_no_learner_pages), async page =>
        {
            await page.GotoAsync(app.BaseUrl + "/account/sign-in");
            await new SignInPage(page).SignInAsync(admin.Email, admin.Password);
            await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));

            await page.GetByRole(AriaRole.Link, new() { Name = "Reports", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Reports");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compliance over the last 12 months" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            // A day in the future is refused with the error summary, and the form keeps its place.
            await page.GetByLabel("Day", new() { Exact = true }).FillAsync("2026-03-09");
            await page.GetByRole(AriaRole.Button, new() { Name = "Run report" }).ClickAsync();
            await Assertions.Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#date")).ToHaveAttributeAsync("aria-invalid", "true");
            await page.AssertAccessibleAsync();

            // March 2 at North Clinic: Person2 exempt, Person4 overdue.
            await page.GetByLabel("Day", new() { Exact = true }).FillAsync("2026-03-02");
            await page.GetByLabel("Site", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "North Clinic" });
            await page.GetByRole(AriaRole.Button, new() { Name = "Run report" }).ClickAsync();
            Assert.Contains("date=2026-03-02", page.Url, StringComparison.Ordinal);
            Assert.Contains($"site={practice.SiteIds[0]}", page.Url, StringComparison.Ordinal);
            var rows = page.Locator("#report-rows tbody tr");
            await Assertions.Expect(rows).ToHaveCountAsync(2);
            await Assertions.Expect(rows.Filter(new() { HasText = "Person2" })).ToContainTextAsync("Exempt");
            await Assertions.Expect(rows.Filter(new() { HasText = "Person4" })).ToContainTextAsync("Overdue");
            await Assertions.Expect(page.Locator("#report-facts")).ToContainTextAsync("North Clinic");
            var hash = (await page.Locator("#report-hash").TextContentAsync())!.Trim();
            Assert.Matches("^[0-9a-f]{64}$", hash);
            await page.AssertAccessibleAsync();
            var reportUrl = page.Url;

            // The CSV and the PDF of the whole report carry the hash shown on the page.
            var csv = Encoding.UTF8.GetString(await DownloadAsync(app, page, page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }), ".csv"));
            Assert.Equal(hash, ReportSeed.Fact(csv, "Data SHA-256"));
            Assert.Equal("2", ReportSeed.Fact(csv, "Rows"));
            var pdfText = await PdfTools.TextAsync(await DownloadAsync(app, page, page.GetByRole(AriaRole.Link, new() { Name = "Download PDF" }), ".pdf"));
            Assert.Contains(hash, pdfText, StringComparison.Ordinal);
            Assert.Contains("North Clinic", pdfText, StringComparison.Ordinal);

            // A prepared file: its progress page, then its download, with the same hash.
            await page.GetByLabel("Large report: prepare a file and watch its progress", new() { Exact = true }).SelectOptionAsync("pdf");
            await page.GetByRole(AriaRole.Button, new() { Name = "Prepare file" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Report file: PDF, status on 2026-03-02");
            var jobUrl = page.Url;
            Assert.Matches("/reports/exports/[0-9a-f-]{36}$", jobUrl);
            await Assertions.Expect(page.GetByText("The file is ready.")).ToBeVisibleAsync();
            var progress = await page.Context.APIRequest.GetAsync(jobUrl + "/progress");
            Assert.True(progress.Ok);
            Assert.Equal("""{"status":"done","peopleDone":2,"peopleTotal":2}""", await progress.TextAsync());
            await Assertions.Expect(page.Locator("#export-hash")).ToHaveTextAsync(hash);
            await page.AssertAccessibleAsync();
            var prepared = await DownloadAsync(app, page, page.GetByRole(AriaRole.Link, new() { NameRegex = DownloadLink() }), ".pdf");
            Assert.Contains(hash, await PdfTools.TextAsync(prepared), StringComparison.Ordinal);
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" }).GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();
            // Back on the same report: the same filters and the same hash.
            Assert.Contains($"date=2026-03-02&site={practice.SiteIds[0]}", page.Url, StringComparison.Ordinal);
            await Assertions.Expect(page.Locator("#report-hash")).ToHaveTextAsync(hash);

            // Grant an outside auditor until the end of the month: a missing day is refused first.
            await page.GetByRole(AriaRole.Link, new() { Name = "Administration", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Auditors", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Outside auditors");
            await page.AssertAccessibleAsync();
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Sam Surveyor");
            await page.GetByLabel("Email address", new() { Exact = true }).FillAsync(auditorEmail);
            await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
            await Assertions.Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#grant-until")).ToHaveAttributeAsync("aria-invalid", "true");
            await page.AssertAccessibleAsync();
            await page.GetByLabel("Access until (last day)", new() { Exact = true }).FillAsync("2026-03-31");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
            await Assertions.Expect(page.Locator("#auditors tbody")).ToContainTextAsync("Sam Surveyor (invited)");
            await page.AssertAccessibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You are signed out");

            // The auditor accepts the emailed invitation, then signs in afresh.
            Assert.Equal(1, await app.DeliverEmailsAsync());
            var link = InvitationPath().Match(Assert.Single(SmtpSink.To(auditorEmail)).TextBody!).Value;
            Assert.NotEmpty(link);
            await page.GotoAsync(app.BaseUrl + link);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Create your Beacon account");
            await page.AssertAccessibleAsync();
            await new NewPasswordForm(page).FillAsync(auditorPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign-in security");
            await page.AssertAccessibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You are signed out");
            await page.GotoAsync(app.BaseUrl + "/account/sign-in");
            await new SignInPage(page).SignInAsync(auditorEmail, auditorPassword);
            await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));

            // Reports are theirs, with the same figures; the learner links are not offered.
            var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
            await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "My training" })).ToHaveCountAsync(0);
            await nav.GetByRole(AriaRole.Link, new() { Name = "Reports", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Reports");
            await page.AssertAccessibleAsync();
            await page.GotoAsync(reportUrl);
            await Assertions.Expect(page.Locator("#report-hash")).ToHaveTextAsync(hash);
            await Assertions.Expect(page.Locator("#report-rows tbody tr")).ToHaveCountAsync(2);
            await page.AssertAccessibleAsync();

            // Learner pages are refused, and so is changing the practice.
            foreach (var path in new[] { "/learn", "/transcript", "/check-in", "/practice/auditors" })
            {
                await page.GotoAsync(app.BaseUrl + path);
                await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You do not have access to that page");
                Assert.Contains("/account/access-denied", page.Url, StringComparison.Ordinal);
            }
            await page.AssertAccessibleAsync();
        });
    }

    private static async Task<byte[]> DownloadAsync(BrowserApp app, IPage page, ILocator link, string extension)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.EndsWith(extension, download.SuggestedFilename, StringComparison.Ordinal);
        var saved = Path.Combine(app.DataDirectory, Guid.NewGuid().ToString("N") + "-" + download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        return await File.ReadAllBytesAsync(saved);
    }

    [GeneratedRegex(@"/account/accept-invitation\?token=[A-Za-z0-9_\-%]+")]
    private static partial Regex InvitationPath();

    [GeneratedRegex("^Download .+\\.pdf$")]
    private static partial Regex DownloadLink();
}
