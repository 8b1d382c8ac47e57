using Beacon.BrowserTests.Infrastructure;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Compliance;
using Beacon.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Beacon.BrowserTests;

/// <summary>The compliance dashboard and its drill-down, by keyboard-reachable links and labelled filters, with axe on each page.</summary>
public sealed class ComplianceTests
{
    [Fact]
    public async Task Administrator_follows_a_dashboard_number_to_the_people_behind_it_and_filters_them()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var seeded = await ComplianceSeed.BuildAsync(app, staff: 30);
        var admin = await app.CreateAccountAsync(seeded.PracticeId, Roles.PracticeAdmin);

        await Browser.WithPageAsync(nameof(Administrator_follows_a_dashboard_number_to_the_people_behind_it_and_filters_them), async page =>
        {
            await page.GotoAsync(app.BaseUrl + "/account/sign-in");
            await page.GetByLabel("Email address").FillAsync(admin.Email);
            await page.GetByLabel("Password").FillAsync(admin.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));

            await page.GetByRole(AriaRole.Link, new() { Name = "Compliance", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Compliance");
            await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Compliance by site" })).ToBeVisibleAsync();
            // The 12-month trend: a labelled chart and the same figures as a table, one row per month.
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compliance over the last 12 months" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Compliance trend" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Compliance at the end of each month" }).Locator("tbody tr")).ToHaveCountAsync(12);
            await page.AssertAccessibleAsync();

            // The overdue figure for South Clinic, reached by keyboard, opens the list of those people.
            var overdue = page.GetByRole(AriaRole.Link, new() { Name = "overdue, South Clinic" });
            var shown = (await overdue.TextContentAsync())!.Split(' ')[0];
            await overdue.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Overdue: South Clinic");
            await Assertions.Expect(page.Locator("#people-count")).ToContainTextAsync($"of {shown} assignment");
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("overdue by");
            await page.AssertAccessibleAsync();

            // Narrow the list with the filters (GET parameters): one requirement only.
            await page.GetByLabel("Requirement").SelectOptionAsync(new SelectOptionValue { Label = "South yearly refresher" });
            await page.GetByRole(AriaRole.Button, new() { Name = "Show people" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("South yearly refresher");
            Assert.Contains($"requirement={seeded.SouthYearly}", page.Url, StringComparison.Ordinal);
            foreach (var row in await page.Locator("table tbody tr").AllAsync())
            {
                await Assertions.Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("South yearly refresher");
                await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("Overdue");
            }
            await page.AssertAccessibleAsync();

            // Back to the dashboard with the same filters, then filter the dashboard itself.
            await page.GetByRole(AriaRole.Link, new() { Name = "Compliance" }).Last.ClickAsync();
            await page.GetByLabel("Job role", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Registered nurse" });
            await page.GetByRole(AriaRole.Button, new() { Name = "Show compliance" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overall, with these filters" })).ToBeVisibleAsync();
            Assert.Contains("role=registered-nurse", page.Url, StringComparison.Ordinal);
            await page.AssertAccessibleAsync();
        });
    }
}
