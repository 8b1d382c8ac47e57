using Beacon.BrowserTests.Infrastructure;
using Beacon.BrowserTests.Pages;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Beacon.BrowserTests;

/// <summary>The point-of-care toolkit on a phone (390 × 844): reach, copy, navigate by keyboard, work offline, axe.</summary>
public sealed class ToolkitTests
{
    private static async Task<(BrowserApp App, AccountSeed Learner, AccountSeed Admin)> StartAsync()
    {
        var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var learner = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == learner.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.StaffMemberId, practice.StaffIds[0])));
        var admin = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin, Roles.Learner);
        return (app, learner, admin);
    }

    private static Task OnPhoneAsync(string name, BrowserApp app, AccountSeed account, Func<IPage, Task> test) =>
        Browser.WithPageAsync(name, async page =>
        {
            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync(app.BaseUrl + "/account/sign-in");
            await new SignInPage(page).SignInAsync(account.Email, account.Password);
            await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
            await test(page);
        });

    /// <summary>Taps the header's Toolkit link, then the protocol: the count of taps is the test.</summary>
    private static async Task<int> TapToProtocolAsync(IPage page)
    {
        var taps = 0;
        // The menu stays collapsed on a phone: the Toolkit link is outside it.
        await Assertions.Expect(page.Locator("#main-nav")).ToBeHiddenAsync();
        var toolkit = page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Toolkit", Exact = true });
        await Assertions.Expect(toolkit).ToBeVisibleAsync();
        await toolkit.ClickAsync();
        taps++;
        await page.GetByRole(AriaRole.Link, new() { Name = "Response protocol" }).ClickAsync();
        taps++;
        await page.WaitForURLAsync(url => url.EndsWith("/toolkit/protocol", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator(".protocol-text #immediate-danger")).ToBeAttachedAsync();
        return taps;
    }

    [Fact]
    public async Task From_any_page_the_protocol_is_two_taps_away_on_a_phone()
    {
        var (app, learner, admin) = await StartAsync();
        await using var _ = app;
        await OnPhoneAsync(nameof(From_any_page_the_protocol_is_two_taps_away_on_a_phone) + "-learner", app, learner, async page =>
        {
            foreach (var start in new[] { "/learn", "/transcript", "/", "/toolkit/codes" })
            {
                await page.GotoAsync(app.BaseUrl + start);
                Assert.True(await TapToProtocolAsync(page) <= 2, $"more than two taps from {start}");
            }
            // The branches are one more tap on the page itself.
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Jump to a branch" }).GetByRole(AriaRole.Link, new() { Name = "Patient under 18" }).ClickAsync();
            Assert.EndsWith("#minor", page.Url, StringComparison.Ordinal);
            await Assertions.Expect(page.Locator("#minor")).ToBeInViewportAsync();
        });
        await OnPhoneAsync(nameof(From_any_page_the_protocol_is_two_taps_away_on_a_phone) + "-admin", app, admin, async page =>
        {
            foreach (var start in new[] { "/roster", "/practice/requirements", "/practice/protocol" })
            {
                await page.GotoAsync(app.BaseUrl + start);
                Assert.True(await TapToProtocolAsync(page) <= 2, $"more than two taps from {start}");
            }
        });
    }

    [Fact]
    public async Task A_code_is_copied_in_one_tap_and_the_copy_is_announced()
    {
        var (app, learner, _) = await StartAsync();
        await using var _ = app;
        await OnPhoneAsync(nameof(A_code_is_copied_in_one_tap_and_the_copy_is_announced), app, learner, async page =>
        {
            await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = app.BaseUrl });
            await page.GotoAsync(app.BaseUrl + "/toolkit/codes");
            await page.GetByRole(AriaRole.Button, new() { Name = "Copy T76.51XA" }).ClickAsync();
            await Assertions.Expect(page.Locator("#copy-status")).ToHaveTextAsync("Copied T76.51XA");
            Assert.Equal("T76.51XA", await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Copy Z04.82" }).ClickAsync();
            await Assertions.Expect(page.Locator("#copy-status")).ToHaveTextAsync("Copied Z04.82");
            Assert.Equal("Z04.82", await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
            await page.AssertAccessibleAsync();
        });
    }

    [Fact]
    public async Task The_reporting_navigator_is_used_by_keyboard_alone()
    {
        var (app, learner, _) = await StartAsync();
        await using var _ = app;
        await OnPhoneAsync(nameof(The_reporting_navigator_is_used_by_keyboard_alone), app, learner, async page =>
        {
            await page.GotoAsync(app.BaseUrl + "/toolkit/reporting");
            await page.AssertAccessibleAsync();

            // Submitting empty: the error summary links to the field.
            await page.GetByLabel("Patient's age in years").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("Enter the patient's age in years.");
            await page.AssertAccessibleAsync();

            await page.GetByLabel("Patient's age in years").FocusAsync();
            await page.Keyboard.TypeAsync("16");
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.GetByLabel("State whose law applies")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("Calif");
            await Assertions.Expect(page.GetByLabel("State whose law applies")).ToHaveValueAsync("CA");
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.GetByLabel("Injury from assaultive or abusive conduct")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Space");
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.GetByLabel("Imminent danger")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show duties and permissions" })).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");

            await Assertions.Expect(page.Locator("#answer-heading")).ToHaveTextAsync("For a patient aged 16 (a minor) in California");
            Assert.EndsWith("#answer", page.Url, StringComparison.Ordinal);
            await Assertions.Expect(page.Locator("article.reporting-duty")).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator("#answer")).ToContainTextAsync("Cal. Penal Code § 11160");
            await Assertions.Expect(page.Locator("#answer")).ToContainTextAsync("45 CFR 164.512(b)");
            await Assertions.Expect(page.Locator("#answer")).Not.ToContainTextAsync("45 CFR 164.512(j)");
            await page.AssertAccessibleAsync();
        });
    }

    [Fact]
    public async Task After_a_first_visit_the_toolkit_reloads_offline_with_a_banner_and_sign_out_removes_the_copy()
    {
        var (app, learner, _) = await StartAsync();
        await using var _ = app;
        await OnPhoneAsync(nameof(After_a_first_visit_the_toolkit_reloads_offline_with_a_banner_and_sign_out_removes_the_copy), app, learner, async page =>
        {
            await page.GotoAsync(app.BaseUrl + "/toolkit");
            await page.EvaluateAsync("navigator.serviceWorker.ready.then(() => true)");
            await page.WaitForFunctionAsync(
                "caches.open('beacon-toolkit-v1').then(c => Promise.all(['/toolkit', '/toolkit/protocol', '/toolkit/codes', '/css/site.css'].map(p => c.match(p)))).then(r => r.every(Boolean))",
                null, new() { PollingInterval = 200, Timeout = 15_000 });
            await Assertions.Expect(page.Locator("#offline-banner")).ToBeHiddenAsync();

            await page.Context.SetOfflineAsync(true);
            await page.ReloadAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Toolkit");
            await Assertions.Expect(page.Locator("#offline-banner")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#offline-banner")).ToContainTextAsync("Offline — showing the copy saved at");
            await page.AssertAccessibleAsync();

            await page.GotoAsync(app.BaseUrl + "/toolkit/protocol");
            await Assertions.Expect(page.Locator("#offline-banner")).ToContainTextAsync("Offline — showing the copy saved at");
            await Assertions.Expect(page.Locator(".protocol-text #immediate-danger")).ToBeVisibleAsync();
            // Styles came from the saved copy too: the header keeps its colour.
            Assert.Equal("rgb(20, 50, 92)", await page.Locator(".site-header .navbar").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
            await page.AssertAccessibleAsync();

            // The practice's directory was saved on the first visit too: the national line can still be called.
            await page.GotoAsync(app.BaseUrl + "/toolkit/directory");
            await Assertions.Expect(page.Locator("#offline-banner")).ToContainTextAsync("Offline — showing the copy saved at");
            await Assertions.Expect(page.Locator("li.card a[data-kind=call]").First).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^tel:\\+1"));
            await page.AssertAccessibleAsync();

            await page.Context.SetOfflineAsync(false);
            await page.GotoAsync(app.BaseUrl + "/toolkit");
            await Assertions.Expect(page.Locator("#offline-banner")).ToBeHiddenAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Show or hide the menu" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/account/sign-in", StringComparison.Ordinal));
            await page.WaitForFunctionAsync("caches.keys().then(k => k.length === 0)", null, new() { PollingInterval = 200, Timeout = 10_000 });
            Assert.Equal(0, await page.EvaluateAsync<int>("navigator.serviceWorker.getRegistrations().then(r => r.length)"));
        });
    }

    [Fact]
    public async Task Every_toolkit_page_passes_axe_on_a_phone()
    {
        var (app, learner, admin) = await StartAsync();
        await using var _ = app;
        await OnPhoneAsync(nameof(Every_toolkit_page_passes_axe_on_a_phone) + "-learner", app, learner, async page =>
        {
            foreach (var url in new[] { "/toolkit", "/toolkit/red-flags", "/toolkit/protocol", "/toolkit/protocol/print", "/toolkit/codes", "/toolkit/reporting" })
            {
                await page.GotoAsync(app.BaseUrl + url);
                await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
                await page.AssertAccessibleAsync();
                var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
                Assert.False(overflow, $"{url} scrolls sideways at 390 px");
            }

            // The printable protocol fits one US Letter page.
            await page.GotoAsync(app.BaseUrl + "/toolkit/protocol/print");
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            var pdf = System.Text.Encoding.Latin1.GetString(await page.PdfAsync(new() { Format = "Letter", PrintBackground = false }));
            Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(pdf, @"/Type\s*/Page(?![s\w])"));
        });
        await OnPhoneAsync(nameof(Every_toolkit_page_passes_axe_on_a_phone) + "-admin", app, admin, async page =>
        {
            await page.GotoAsync(app.BaseUrl + "/practice/protocol");
            await page.AssertAccessibleAsync();
            var editor = page.GetByLabel("Protocol text (Markdown)");
            var text = await editor.InputValueAsync();
            await editor.FillAsync(text.Replace("**Named lead:** ______________________", "**Named lead:** Dr Rivera", StringComparison.Ordinal));
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
            await Assertions.Expect(page.Locator(".protocol-preview")).ToContainTextAsync("Dr Rivera");
            await page.AssertAccessibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Publish new version" }).ClickAsync();
            await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("Say in a few words what changed");
            await page.AssertAccessibleAsync();
            await page.GetByLabel("Change note").FillAsync("Named lead added");
            await page.GetByRole(AriaRole.Button, new() { Name = "Publish new version" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Version 1 of the protocol is published" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Version 1" }).ClickAsync();
            await Assertions.Expect(page.Locator(".protocol-text")).ToContainTextAsync("Dr Rivera");
            await page.AssertAccessibleAsync();
        });
    }
}
