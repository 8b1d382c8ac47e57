using Beacon.BrowserTests.Infrastructure;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Beacon.BrowserTests;

public sealed class DirectoryTests
{
    [Fact]
    public async Task On_a_phone_an_admin_adds_a_partner_by_keyboard_and_previews_a_bad_import_and_staff_find_it_with_call_and_text_links()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var admin = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin, Roles.Learner);
        var staff = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        var provider = await app.CreateAccountAsync(null, Roles.ProviderAdmin);
        var folder = Directory.CreateTempSubdirectory("beacon-directory-files-").FullName;
        var bad = Path.Combine(folder, "partners.csv");
        await File.WriteAllTextAsync(bad, string.Join("\r\n",
            "name,categories,service_area,law_enforcement_posture,last_verified,verified_by,phone",
            "Harbor Legal,legal-services,Travis County,consent-based,2026-02-01,Office manager,512-555-0100",
            "=HYPERLINK(\"x\"),astrology,Travis County,consent-based,2026-02-01,Office manager,555-0100"));

        await Browser.WithPageAsync(nameof(On_a_phone_an_admin_adds_a_partner_by_keyboard_and_previews_a_bad_import_and_staff_find_it_with_call_and_text_links), async page =>
        {
            await page.SetViewportSizeAsync(390, 844);
            await app.SignInAsync(page, admin);

            await page.GotoAsync(app.BaseUrl + "/practice/directory");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Referral directory" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            // Add a partner with the keyboard only: focus, type, space to tick, arrow to choose, Enter to send.
            await page.GotoAsync(app.BaseUrl + "/practice/directory/new");
            await page.AssertAccessibleAsync();
            await page.Locator("#f-name").FocusAsync();
            await page.Keyboard.TypeAsync("Safe Harbor Shelter");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.Locator("#f-categories-shelter-housing")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Space");
            await page.Locator("#f-serviceArea").FocusAsync();
            await page.Keyboard.TypeAsync("Travis County");
            await page.Locator("#f-phone").FocusAsync();
            await page.Keyboard.TypeAsync("(512) 555-0142");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("512 555 0143");
            await page.Locator("#f-languages").FocusAsync();
            await page.Keyboard.TypeAsync("en; es");
            await page.Locator("#f-verifiedBy").FocusAsync();
            await page.Keyboard.TypeAsync("Office manager");
            await page.Keyboard.PressAsync("Enter");

            // The posture was left out: the summary says so and links to the field.
            var summary = page.Locator("#error-summary");
            await Assertions.Expect(summary).ToContainTextAsync("Law-enforcement posture: enter a value.");
            await Assertions.Expect(page.Locator("#f-lawEnforcementPosture")).ToHaveAttributeAsync("aria-invalid", "true");
            await page.AssertAccessibleAsync();
            await page.Locator("#f-lawEnforcementPosture").FocusAsync();
            await page.Keyboard.PressAsync("ArrowDown");
            await Assertions.Expect(page.Locator("#f-lawEnforcementPosture")).ToHaveValueAsync("consent-based");
            await page.Locator("#f-verifiedBy").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Safe Harbor Shelter is in the directory.");
            await page.AssertAccessibleAsync();

            // An import with mistakes: each is listed with its line and column, and nothing can be applied.
            await page.GotoAsync(app.BaseUrl + "/practice/directory/import");
            await page.AssertAccessibleAsync();
            await page.GetByLabel("CSV file").SetInputFilesAsync(bad);
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
            var issues = page.Locator("#issues");
            await Assertions.Expect(issues).ToContainTextAsync("a spreadsheet would run it as a formula");
            await Assertions.Expect(issues).ToContainTextAsync("“astrology” is not one of the allowed values");
            await Assertions.Expect(issues).ToContainTextAsync("has 7 digits");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Apply" })).ToHaveCountAsync(0);
            await page.AssertAccessibleAsync();

            await page.GotoAsync(app.BaseUrl + "/practice/directory");
            await page.GetByRole(AriaRole.Link, new() { Name = "Safe Harbor Shelter" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Safe Harbor Shelter");
            await page.AssertAccessibleAsync();

            // Staff on a phone: search and filter, then the call and text links.
            await page.Context.ClearCookiesAsync();
            await app.SignInAsync(page, staff);
            await page.GotoAsync(app.BaseUrl + "/toolkit/directory");
            await page.AssertAccessibleAsync();
            var cards = page.Locator("li.card h2");
            await Assertions.Expect(cards).ToHaveTextAsync(["National Human Trafficking Hotline", "Safe Harbor Shelter"]);
            var hotline = page.Locator("li.card").First;
            await Assertions.Expect(hotline.GetByRole(AriaRole.Link, new() { Name = "Call 1-888-373-7888" })).ToHaveAttributeAsync("href", "tel:+18883737888");
            await Assertions.Expect(hotline.GetByRole(AriaRole.Link, new() { Name = "Text 233733" })).ToHaveAttributeAsync("href", "sms:233733");

            await page.GetByLabel("Search by name or service").FillAsync("shelter");
            await page.GetByLabel("Category").SelectOptionAsync("shelter-housing");
            await page.GetByLabel("Language").SelectOptionAsync("es");
            await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
            await Assertions.Expect(cards).ToHaveTextAsync(["Safe Harbor Shelter"]);
            var shelter = page.Locator("li.card").First;
            await Assertions.Expect(shelter.GetByRole(AriaRole.Link, new() { Name = "Call 1-512-555-0142" })).ToHaveAttributeAsync("href", "tel:+15125550142");
            await Assertions.Expect(shelter.GetByRole(AriaRole.Link, new() { Name = "Text 1-512-555-0143" })).ToHaveAttributeAsync("href", "sms:+15125550143");
            await page.AssertAccessibleAsync();

            await page.GetByLabel("Language").SelectOptionAsync("vi");
            await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
            await Assertions.Expect(page.Locator("#result-count")).ToHaveTextAsync("0 entries");
            await page.AssertAccessibleAsync();

            await page.GotoAsync(app.BaseUrl + "/toolkit/handout");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "English and Spanish (PDF)" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            // The provider keeps the national lines.
            await page.Context.ClearCookiesAsync();
            await app.SignInAsync(page, provider);
            await page.GotoAsync(app.BaseUrl + "/provider/national-resources");
            await page.AssertAccessibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "National Human Trafficking Hotline" }).ClickAsync();
            await page.GetByLabel("Phone").FillAsync("12");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
            await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("Phone:");
            await page.AssertAccessibleAsync();
        });
        Directory.Delete(folder, recursive: true);
    }
}
