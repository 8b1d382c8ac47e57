using Beacon.BrowserTests.Infrastructure;
using Beacon.Data;
using Beacon.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Beacon.BrowserTests;

public sealed class SignInTests
{
    [Fact]
    public async Task Practice_admin_signs_in_with_the_keyboard_and_every_page_passes_axe()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync();
        var admin = await app.CreateAccountAsync(practice.PracticeId, "PracticeAdmin");

        await Browser.WithPageAsync(nameof(Practice_admin_signs_in_with_the_keyboard_and_every_page_passes_axe), async page =>
        {
            await page.GotoAsync(app.BaseUrl + "/account/sign-in");
            await page.AssertAccessibleAsync();

            await page.GetByLabel("Email address").FillAsync(admin.Email);
            await page.GetByLabel("Password").FillAsync(admin.Password);
            await page.Keyboard.PressAsync("Enter");

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Welcome");
            await page.AssertAccessibleAsync();
        });
    }
}
