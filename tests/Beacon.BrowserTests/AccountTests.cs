using System.Text.RegularExpressions;
using Beacon.BrowserTests.Infrastructure;
using Beacon.BrowserTests.Pages;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;

namespace Beacon.BrowserTests;

public sealed partial class AccountTests
{
    [Fact]
    public async Task An_invited_person_creates_an_account_enrols_an_authenticator_and_signs_in_with_it()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite, a => a.WithSetting("Security:PublicBaseUrl", "http://placeholder"));
        var practice = await app.CreatePracticeAsync();
        var email = TestData.UniqueEmail("newcomer");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActForPractice(practice.PracticeId);
            var outcome = await scope.ServiceProvider.GetRequiredService<InvitationService>()
                .InviteAsync(practice.PracticeId, email, "Nadia Newcomer", [Roles.PracticeAdmin, Roles.Learner], null, CancellationToken.None);
            Assert.True(outcome.Succeeded, outcome.Error);
        }
        await app.DeliverEmailsAsync();
        var link = InvitationPath().Match(Assert.Single(SmtpSink.To(email)).TextBody!).Value;
        const string password = "tidal marmalade orbit fennel";

        await Browser.WithPageAsync(nameof(An_invited_person_creates_an_account_enrols_an_authenticator_and_signs_in_with_it), async page =>
        {
            await page.GotoAsync(app.BaseUrl + link);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Create your Beacon account");
            await page.AssertAccessibleAsync();

            // A weak password is refused with its reason, then a good one is accepted.
            await new NewPasswordForm(page).FillAsync("passwordpassword");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
            await Assertions.Expect(page.Locator("#password-errors")).ToContainTextAsync("common or breached");
            await page.AssertAccessibleAsync();
            await new NewPasswordForm(page).FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();

            // Enrol the authenticator from the key shown on the security page.
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign-in security");
            await page.AssertAccessibleAsync();
            var security = new SecurityPage(page);
            var key = await security.KeyAsync();
            await security.Code.FillAsync(Code(app, key));
            await security.TurnOn.ClickAsync();
            await Assertions.Expect(security.RecoveryCodes).ToHaveCountAsync(10);
            await page.AssertAccessibleAsync();

            // Sign out, and back in with password and a fresh code.
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You are signed out");
            await new SignInPage(page).SignInAsync(email, password);
            var mfa = new MfaPage(page);
            await Assertions.Expect(mfa.Code).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            app.Time.Advance(TimeSpan.FromSeconds(30));
            await mfa.Code.FillAsync(Code(app, key));
            await mfa.Continue.ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Welcome, Nadia Newcomer");
            await page.AssertAccessibleAsync();
        });
    }

    [Fact]
    public async Task Public_account_pages_and_error_pages_pass_axe()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync();
        var learner = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);

        await Browser.WithPageAsync(nameof(Public_account_pages_and_error_pages_pass_axe), async page =>
        {
            foreach (var path in new[] { "/account/forgot-password", "/account/reset-password", "/account/accept-invitation?token=unknown", "/setup?token=unknown", "/error/404", "/error/500" })
            {
                await page.GotoAsync(app.BaseUrl + path);
                await page.AssertAccessibleAsync();
            }

            await page.GotoAsync(app.BaseUrl + "/account/forgot-password");
            await page.GetByLabel("Email address").FillAsync(learner.Email);
            await page.GetByRole(AriaRole.Button, new() { Name = "Send the link" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("If an account uses that address");
            await page.AssertAccessibleAsync();

            // A learner who opens an administrator's page is told so, accessibly.
            await page.GotoAsync(app.BaseUrl + "/account/sign-in");
            await new SignInPage(page).SignInAsync(learner.Email, learner.Password);
            await page.GotoAsync(app.BaseUrl + "/api/v1/staff");
            await page.GotoAsync(app.BaseUrl + "/account/access-denied");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You do not have access to that page");
            await page.AssertAccessibleAsync();
            await page.GotoAsync(app.BaseUrl + "/account/security");
            await page.AssertAccessibleAsync();
        });
    }

    [Fact]
    public async Task The_skip_link_moves_keyboard_focus_to_the_main_content()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);

        await Browser.WithPageAsync(nameof(The_skip_link_moves_keyboard_focus_to_the_main_content), async page =>
        {
            await page.GotoAsync(app.BaseUrl + "/account/sign-in");
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" })).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        });
    }

    private static string Code(BeaconApp app, string key) =>
        new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(app.Time.GetUtcNow().UtcDateTime);

    [GeneratedRegex(@"/account/accept-invitation\?token=[A-Za-z0-9_\-%]+")]
    private static partial Regex InvitationPath();
}
