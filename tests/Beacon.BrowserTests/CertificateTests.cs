using Beacon.BrowserTests.Infrastructure;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Certificates;
using Beacon.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Beacon.BrowserTests;

/// <summary>An administrator finds a learner's certificate, checks it publicly, and revokes it; axe on every page.</summary>
public sealed class CertificateTests
{
    [Fact]
    public async Task Administrator_downloads_a_certificate_checks_it_publicly_and_revokes_it()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var learner = await app.LearnerAsync(practice.PracticeId, practice.StaffIds[0]);
        var done = await app.CompleteAsync(practice.PracticeId, learner.StaffMemberId);
        var admin = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin);

        await Browser.WithPageAsync(nameof(Administrator_downloads_a_certificate_checks_it_publicly_and_revokes_it), async page =>
        {
            await page.GotoAsync(app.BaseUrl + "/account/sign-in");
            await page.GetByLabel("Email address").FillAsync(admin.Email);
            await page.GetByLabel("Password").FillAsync(admin.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));

            await page.GotoAsync(app.BaseUrl + $"/roster/{learner.StaffMemberId}");
            await page.GetByRole(AriaRole.Link, new() { Name = "Training transcript" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Transcript of {learner.Name}");
            await page.AssertAccessibleAsync();

            var download = await page.RunAndWaitForDownloadAsync(() =>
                page.GetByRole(AriaRole.Link, new() { Name = $"Download certificate {done.Number} (PDF)" }).ClickAsync());
            Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
            Assert.Contains(done.Number.ToLowerInvariant(), download.SuggestedFilename, StringComparison.Ordinal);
            var saved = Path.Combine(app.DataDirectory, download.SuggestedFilename);
            await download.SaveAsAsync(saved);
            Assert.Equal("%PDF-"u8.ToArray(), (await File.ReadAllBytesAsync(saved))[..5]);

            await page.GetByRole(AriaRole.Link, new() { Name = $"Details of certificate {done.Number}" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Certificate {done.Number}");
            await page.AssertAccessibleAsync();
            var details = page.Url;
            var verifyUrl = $"http://localhost/verify/{done.VerificationCode}";
            Assert.Equal(verifyUrl, await page.GetByRole(AriaRole.Link, new() { Name = verifyUrl }).GetAttributeAsync("href"));

            // The configured public address is http://localhost in tests; the browser opens the same path here.
            await page.GotoAsync(app.BaseUrl + $"/verify/{done.VerificationCode}");
            await Assertions.Expect(page.Locator("#certificate-status")).ToHaveTextAsync("Valid");
            await Assertions.Expect(page.GetByText(learner.Name)).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            await page.GotoAsync(details);
            await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke certificate {done.Number}" }).ClickAsync();
            await Assertions.Expect(page.Locator("#reason-error")).ToContainTextAsync("at least 10 characters");
            await page.AssertAccessibleAsync();
            await page.GetByLabel("Reason for revoking").FillAsync("Attendance was recorded for the wrong person");
            await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke certificate {done.Number}" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Certificate {done.Number} is revoked");
            await Assertions.Expect(page.GetByText("Reason: Attendance was recorded for the wrong person")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            await page.GotoAsync(app.BaseUrl + $"/verify/{done.VerificationCode}");
            await Assertions.Expect(page.Locator("#certificate-status")).ToHaveTextAsync("Revoked on March 2, 2026");
            await page.AssertAccessibleAsync();

            await page.GotoAsync(app.BaseUrl + "/verify");
            await page.GetByLabel("Certificate code").FillAsync(verifyUrl);
            await page.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
            await Assertions.Expect(page.Locator("#certificate-status")).ToHaveTextAsync("Revoked on March 2, 2026");
            await page.GotoAsync(app.BaseUrl + "/verify");
            await page.AssertAccessibleAsync();
        });
    }

    [Fact]
    public async Task Learner_reads_their_own_transcript_and_it_passes_axe()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync(staff: 1);
        var learner = await app.LearnerAsync(practice.PracticeId, practice.StaffIds[0]);
        var done = await app.CompleteAsync(practice.PracticeId, learner.StaffMemberId);

        await Browser.WithPageAsync(nameof(Learner_reads_their_own_transcript_and_it_passes_axe), async page =>
        {
            await page.GotoAsync(app.BaseUrl + "/account/sign-in");
            await page.GetByLabel("Email address").FillAsync(learner.Account.Email);
            await page.GetByLabel("Password").FillAsync(learner.Account.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));

            await page.GetByRole(AriaRole.Link, new() { Name = "My transcript" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("My transcript");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Download certificate {done.Number} (PDF)" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the transcript (PDF)" }).ClickAsync());
            Assert.StartsWith("transcript-", download.SuggestedFilename, StringComparison.Ordinal);
        });
    }
}
