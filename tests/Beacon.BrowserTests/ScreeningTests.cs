using Beacon.BrowserTests.Infrastructure;
using Beacon.BrowserTests.Pages;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Beacon.BrowserTests;

public sealed class ScreeningTests
{
    [Fact]
    public async Task On_a_phone_staff_run_the_conversation_guide_with_the_keyboard_and_reach_the_protocol_from_the_result()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync();
        var nurse = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);

        await Browser.WithPageAsync(nameof(On_a_phone_staff_run_the_conversation_guide_with_the_keyboard_and_reach_the_protocol_from_the_result), async page =>
        {
            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync(app.BaseUrl + "/account/sign-in");
            await new SignInPage(page).SignInAsync(nurse.Email, nurse.Password);
            await page.GotoAsync(app.BaseUrl + "/toolkit/screening");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Screening aid");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rapid Appraisal for Trafficking (RAFT)" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "Start Conversation guide" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-validation-label]").First).ToContainTextAsync("Not a validated instrument");
            await page.AssertAccessibleAsync();

            // Keyboard only: focus the first question's first answer, move with the arrow keys, tab on, submit with Enter.
            var first = page.GetByRole(AriaRole.Group, new() { Name = "1. Has anyone stopped you from leaving a job or quitting work?" });
            await first.GetByRole(AriaRole.Radio, new() { Name = "Yes", Exact = true }).FocusAsync();
            await page.Keyboard.PressAsync("Space");
            await page.Keyboard.PressAsync("ArrowDown");
            await Assertions.Expect(first.GetByRole(AriaRole.Radio, new() { Name = "No", Exact = true })).ToBeCheckedAsync();
            await page.GetByRole(AriaRole.Group, new() { Name = "7. Does someone else keep your ID, passport or other papers and not give them back when you ask?" })
                .GetByRole(AriaRole.Radio, new() { Name = "Yes", Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "See the result" }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");

            await Assertions.Expect(page.Locator("#result-label")).ToHaveTextAsync("Concern raised: follow the protocol");
            await Assertions.Expect(page.Locator("#result-does-not-mean")).ToContainTextAsync("It is not a diagnosis");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Go to the protocol: this step" })).ToHaveAttributeAsync("href", "/toolkit/protocol#safety");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Open the whole response protocol" })).ToHaveAttributeAsync("href", "/toolkit/protocol");
            await page.AssertAccessibleAsync();
            // Nothing runs off the side of a phone screen.
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        });
    }
}
