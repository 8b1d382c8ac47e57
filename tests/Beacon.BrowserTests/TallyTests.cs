using Beacon.BrowserTests.Infrastructure;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Beacon.BrowserTests;

/// <summary>
/// The anonymous screening tally end to end: an administrator turns it on by keyboard, a nurse on a phone adds
/// what they did after a screen (an empty record is refused with an error summary), and the administrator's
/// report counts it. Axe on every page.
/// </summary>
public sealed class TallyTests
{
    [Fact]
    public async Task Admin_turns_the_tally_on_a_nurse_adds_her_actions_after_a_screen_and_the_report_counts_them()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync();
        var admin = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin);
        var nurse = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);

        await Browser.WithPageAsync(nameof(Admin_turns_the_tally_on_a_nurse_adds_her_actions_after_a_screen_and_the_report_counts_them), async page =>
        {
            await app.SignInAsync(page, admin);
            await page.GotoAsync(app.BaseUrl + "/practice/toolkit");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Toolkit settings");
            var tally = page.GetByLabel("Keep the anonymous tally");
            await Assertions.Expect(tally).Not.ToBeCheckedAsync();
            await tally.FocusAsync();
            await page.Keyboard.PressAsync("Space");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save toolkit settings" }).PressAsync("Enter");
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "anonymous tally on" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            await page.GotoAsync(app.BaseUrl + "/practice/toolkit/tally");
            await Assertions.Expect(page.GetByText("No records yet.")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

            await page.SetViewportSizeAsync(390, 844);
            await app.SignInAsync(page, nurse);
            await page.GotoAsync(app.BaseUrl + "/toolkit/screening");
            await page.GetByRole(AriaRole.Link, new() { Name = "Start Conversation guide" }).ClickAsync();
            await page.GetByRole(AriaRole.Group, new() { Name = "7. Does someone else keep your ID, passport or other papers and not give them back when you ask?" })
                .GetByRole(AriaRole.Radio, new() { Name = "Yes", Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "See the result" }).PressAsync("Enter");
            await Assertions.Expect(page.Locator("#result-label")).ToHaveTextAsync("Concern raised: follow the protocol");
            var form = page.GetByRole(AriaRole.Region, new() { Name = "Anonymous tally (optional)" });
            await Assertions.Expect(form).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            // Nothing ticked: refused, and the summary's link takes the keyboard to the first action.
            await form.GetByRole(AriaRole.Button, new() { Name = "Add to the tally" }).PressAsync("Enter");
            var summary = page.Locator("#error-summary");
            await Assertions.Expect(summary).ToHaveTextAsync("Tick at least one action from the list.");
            await page.AssertAccessibleAsync();
            await summary.GetByRole(AriaRole.Link).PressAsync("Enter");
            await Assertions.Expect(page.GetByLabel("Followed the protocol")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Space");
            await page.GetByLabel("Gave hotline information").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Add to the tally" }).PressAsync("Enter");
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "added to the practice's anonymous tally" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
            await page.SetViewportSizeAsync(1280, 800);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

            await app.SignInAsync(page, admin);
            await page.GotoAsync(app.BaseUrl + "/practice/toolkit/tally");
            await Assertions.Expect(page.GetByText("1 record in all.")).ToBeVisibleAsync();
            var bands = page.GetByRole(AriaRole.Table, new() { Name = "Results by month, screen and band" });
            await Assertions.Expect(bands.Locator("tbody tr")).ToHaveCountAsync(1);
            await Assertions.Expect(bands.Locator("tbody tr td").Nth(3)).ToHaveTextAsync("1");
            var actions = page.GetByRole(AriaRole.Table, new() { Name = "Actions by month (a record may list several)" });
            await Assertions.Expect(actions.Locator("tbody tr")).ToHaveCountAsync(2);
            await Assertions.Expect(actions).ToContainTextAsync("Followed the protocol");
            await Assertions.Expect(actions).ToContainTextAsync("Gave hotline information");
            await page.AssertAccessibleAsync();
        });
    }
}
