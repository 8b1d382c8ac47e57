using System.Text;
using Beacon.BrowserTests.Infrastructure;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Beacon.Tests.Screening;
using Microsoft.Playwright;

namespace Beacon.BrowserTests;

/// <summary>
/// The provider imports a licensed screening instrument: a file with problems is refused with its lines, a good
/// one is previewed, applied with its licence note and listed. Labels and roles only, axe on every state.
/// </summary>
public sealed class InstrumentImportTests
{
    [Fact]
    public async Task Provider_sees_a_bad_file_refused_by_line_then_previews_and_applies_a_good_one()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var provider = await app.CreateAccountAsync(null, Roles.ProviderAdmin);
        var good = InstrumentFixtures.ImportableExample();
        // Two bands overlapping: the last band starts inside the one before it.
        var bad = good.Replace("    to: 5\n", "    to: 6\n", StringComparison.Ordinal);
        Assert.NotEqual(good, bad);

        await Browser.WithPageAsync(nameof(Provider_sees_a_bad_file_refused_by_line_then_previews_and_applies_a_good_one), async page =>
        {
            await app.SignInAsync(page, provider);
            await page.GotoAsync(app.BaseUrl + "/provider/instruments");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Screening instruments");
            await page.AssertAccessibleAsync();

            await page.GetByLabel("Item file (.yaml, at most 256 KB)").SetInputFilesAsync(File("weighted.yaml", bad));
            await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).PressAsync("Enter");
            var summary = page.Locator("#error-summary");
            await Assertions.Expect(summary.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Nothing was imported");
            var problems = page.GetByRole(AriaRole.Table, new() { Name = "Problems in the file, by line" });
            await Assertions.Expect(problems.Locator("tbody tr").Filter(new() { HasText = "overlaps band 'example-middle'" })).ToHaveCountAsync(1);
            await Assertions.Expect(problems.Locator("tbody tr td").First).ToHaveTextAsync("weighted.yaml");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Apply: import Schema example: weighted-sum instrument" })).ToHaveCountAsync(0);
            await page.AssertAccessibleAsync();

            await page.GetByLabel("Item file (.yaml, at most 256 KB)").SetInputFilesAsync(File("weighted.yaml", good));
            await page.GetByLabel("Licence note").FillAsync("Licence agreement 42 with the holder, 2026 to 2028");
            await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).PressAsync("Enter");
            var preview = page.GetByRole(AriaRole.Region, new() { Name = "Preview: Schema example: weighted-sum instrument 1.0.0" });
            await Assertions.Expect(preview).ToContainTextAsync("Nothing is stored until you apply it.");
            await Assertions.Expect(preview.GetByLabel("Licence note")).ToHaveValueAsync("Licence agreement 42 with the holder, 2026 to 2028");
            await page.AssertAccessibleAsync();

            await preview.GetByRole(AriaRole.Button, new() { Name = "Apply: import Schema example: weighted-sum instrument" }).PressAsync("Enter");
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Schema example: weighted-sum instrument 1.0.0 is imported." })).ToBeVisibleAsync();
            var imported = page.GetByRole(AriaRole.Table, new() { Name = "Imported instruments, newest first" });
            await Assertions.Expect(imported.Locator("tbody tr")).ToHaveCountAsync(1);
            await Assertions.Expect(imported).ToContainTextAsync("Licence agreement 42");
            await page.AssertAccessibleAsync();
        });
    }

    private static FilePayload File(string name, string text) =>
        new() { Name = name, MimeType = "text/yaml", Buffer = Encoding.UTF8.GetBytes(text) };
}
