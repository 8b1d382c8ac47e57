using Beacon.BrowserTests.Infrastructure;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Beacon.BrowserTests;

/// <summary>The practice-administration and provider-console pages, driven by label and role, with axe on each.</summary>
public sealed class AdminPagesTests
{
    [Fact]
    public async Task Practice_administrator_invites_someone_and_every_admin_page_passes_axe()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync(staff: 4);
        var admin = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin, Roles.Learner);
        await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var invitee = TestData.UniqueEmail("browser-invitee");

        await Browser.WithPageAsync(nameof(Practice_administrator_invites_someone_and_every_admin_page_passes_axe), async page =>
        {
            await app.SignInAsync(page, admin);

            await page.GotoAsync(app.BaseUrl + "/practice/people");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
            await Assertions.Expect(page.Locator("#invite-email-error")).ToContainTextAsync("Enter the email address");
            await page.AssertAccessibleAsync();

            await page.GetByLabel("Email address").FillAsync(invitee);
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Browser Invitee");
            await page.GetByLabel("Instructor", new() { Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Invitation sent to {invitee}");
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = invitee })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "Test Learner" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Test Learner");
            await page.GetByLabel("Auditor (read-only reports)").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save roles" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Roles of Test Learner saved");
            await page.AssertAccessibleAsync();

            await page.GotoAsync(app.BaseUrl + "/practice/settings");
            await page.GetByLabel("Name of a new site").FillAsync("north clinic");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add site" }).ClickAsync();
            await Assertions.Expect(page.Locator("#site-error")).ToContainTextAsync("already has a site");
            await page.AssertAccessibleAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "South Clinic" }).ClickAsync();
            await Assertions.Expect(page.GetByText("active staff members work at this site")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            SmtpSink.Refuse(invitee, 1);
            await app.DeliverEmailsAsync();
            await page.GotoAsync(app.BaseUrl + "/practice/email");
            await Assertions.Expect(page.GetByText("does not exist or does not accept mail")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            await page.GotoAsync(app.BaseUrl + "/audit?from=2026-03-05&to=2026-03-01");
            await Assertions.Expect(page.Locator("#to-error")).ToContainTextAsync("last day is before the first day");
            await page.AssertAccessibleAsync();
            await page.GotoAsync(app.BaseUrl + "/audit");
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify the audit chain" }).ClickAsync();
            await Assertions.Expect(page.Locator("#audit-report")).ToContainTextAsync("The audit chain is intact");
            await page.AssertAccessibleAsync();
        });
    }

    [Fact]
    public async Task Provider_administrator_onboards_a_practice_and_every_console_page_passes_axe()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        await app.CreatePracticeAsync();
        var provider = await app.CreateAccountAsync(null, Roles.ProviderAdmin);
        var name = TestData.Unique("Prairie Health");

        await Browser.WithPageAsync(nameof(Provider_administrator_onboards_a_practice_and_every_console_page_passes_axe), async page =>
        {
            await app.SignInAsync(page, provider);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Practices");
            await page.AssertAccessibleAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "Onboard a new practice" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Create the practice and send the invitation" }).ClickAsync();
            await Assertions.Expect(page.Locator("#sites-error")).ToContainTextAsync("at least one site");
            await page.AssertAccessibleAsync();

            await page.GetByLabel("Practice name").FillAsync(name);
            await page.GetByLabel("State").SelectOptionAsync("KS");
            await page.GetByLabel("Time zone").SelectOptionAsync("America/Chicago");
            await page.GetByLabel("Sites").FillAsync("Wichita Clinic\nTopeka Clinic");
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Morgan Admin");
            await page.GetByLabel("Email address").FillAsync(TestData.UniqueEmail("prairie"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Create the practice and send the invitation" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("is set up with 2 sites");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
            await page.AssertAccessibleAsync();

            await page.GotoAsync(app.BaseUrl + "/provider/administrators");
            await page.AssertAccessibleAsync();
            await page.GotoAsync(app.BaseUrl + "/audit/installation");
            await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = $"Practice: {name}" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
        });
    }
}
