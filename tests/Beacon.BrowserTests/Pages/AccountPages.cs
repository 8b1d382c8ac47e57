using Microsoft.Playwright;

namespace Beacon.BrowserTests.Pages;

/// <summary>Page objects for the account pages: role- and label-based locators only.</summary>
public sealed class SignInPage(IPage page)
{
    public ILocator Email => page.GetByLabel("Email address");
    public ILocator Password => page.GetByLabel("Password", new() { Exact = true });
    public ILocator Submit => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" });

    public async Task SignInAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await Submit.ClickAsync();
    }
}

public sealed class NewPasswordForm(IPage page)
{
    public ILocator Password => page.GetByLabel("New password");
    public ILocator Confirm => page.GetByLabel("Type it again");

    public async Task FillAsync(string password)
    {
        await Password.FillAsync(password);
        await Confirm.FillAsync(password);
    }
}

public sealed class SecurityPage(IPage page)
{
    public ILocator SharedKey => page.Locator("#shared-key");
    public ILocator Code => page.GetByLabel("Code from the app");
    public ILocator TurnOn => page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-step sign-in" });
    public ILocator RecoveryCodes => page.Locator("#recovery-codes li");

    public async Task<string> KeyAsync() => (await SharedKey.InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
}

public sealed class MfaPage(IPage page)
{
    public ILocator Code => page.GetByLabel("6-digit code from your authenticator app");
    public ILocator Continue => page.GetByRole(AriaRole.Button, new() { Name = "Continue" });
}
