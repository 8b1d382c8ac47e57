using Beacon.BrowserTests.Infrastructure;
using Beacon.Data;
using Beacon.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Beacon.BrowserTests;

public sealed class RosterImportTests
{
    private const string Header = "first_name,last_name,email,employee_id,job_role,site,hire_date,manager_employee_id,licence_type,licence_number,licence_state,licence_expiry,active";

    [Fact]
    public async Task Practice_admin_imports_a_roster_sees_its_problems_then_applies_it_and_every_page_passes_axe()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync(staff: 3);
        var admin = await app.CreateAccountAsync(practice.PracticeId, "PracticeAdmin");
        var folder = Directory.CreateTempSubdirectory("beacon-roster-files-").FullName;
        var bad = Path.Combine(folder, "roster-with-mistakes.csv");
        var good = Path.Combine(folder, "roster.csv");
        await File.WriteAllTextAsync(bad, string.Join("\r\n",
            Header,
            "Maria,Lopez,maria.lopez@example.test,E9001,registered-nurse,North Clinic,2024-03-18,,RN,RN-1,TX,2027-01-31,yes",
            "Tom,Hart,,E9002,front-desk,Downtown,18/03/2024,,,,,,yes"));
        await File.WriteAllTextAsync(good, string.Join("\r\n",
            Header,
            "Maria,Lopez,maria.lopez@example.test,E9001,registered-nurse,North Clinic,2024-03-18,,RN,RN-1,TX,2027-01-31,yes",
            "Tom,Hart,tom.hart@example.test,E9002,front-desk,South Clinic,3/18/2024,E9001,,,,,yes"));

        await Browser.WithPageAsync(nameof(Practice_admin_imports_a_roster_sees_its_problems_then_applies_it_and_every_page_passes_axe), async page =>
        {
            await page.GotoAsync(app.BaseUrl + "/account/sign-in");
            await page.GetByLabel("Email address").FillAsync(admin.Email);
            await page.GetByLabel("Password").FillAsync(admin.Password);
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Welcome");

            await page.GotoAsync(app.BaseUrl + "/roster");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Roster" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "Import a roster" }).First.ClickAsync();
            await page.AssertAccessibleAsync();

            // A file with mistakes: the preview lists each one and offers no Apply.
            await page.GetByLabel("Roster file").SetInputFilesAsync(bad);
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "3 problems to fix" })).ToBeVisibleAsync();
            var problems = page.GetByRole(AriaRole.Table).First;
            await Assertions.Expect(problems).ToContainTextAsync("Email is missing.");
            await Assertions.Expect(problems).ToContainTextAsync("There is no site called “Downtown”");
            await Assertions.Expect(problems).ToContainTextAsync("18/03/2024");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Apply changes to the roster" })).ToHaveCountAsync(0);
            await page.AssertAccessibleAsync();

            // The corrected file previews cleanly and applies.
            await page.GotoAsync(app.BaseUrl + "/roster/imports");
            await page.GetByLabel("Roster file").SetInputFilesAsync(good);
            await page.GetByLabel("This file is the whole roster").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Apply these changes?" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Deactivations (3)" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply changes to the roster" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("The file is applied: added 2, deactivated 3 people.");
            await page.AssertAccessibleAsync();

            // The list of imports, with a status badge for each.
            await page.GotoAsync(app.BaseUrl + "/roster/imports");
            await Assertions.Expect(page.GetByText("Applied", new() { Exact = true })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("3 problems to fix", new() { Exact = true })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            await page.GotoAsync(app.BaseUrl + "/roster");
            await page.GetByRole(AriaRole.Link, new() { Name = "Hart, Tom" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tom Hart");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Maria Lopez" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            // The edit form explains a mistake beside the field, and in a summary that links to it.
            await page.GetByRole(AriaRole.Link, new() { Name = "Edit details" }).ClickAsync();
            await page.GetByLabel("Email").FillAsync("not an email");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("is not a valid email address");
            await Assertions.Expect(page.GetByLabel("Email")).ToHaveAttributeAsync("aria-invalid", "true");
            await page.AssertAccessibleAsync();

            await page.GotoAsync(app.BaseUrl + "/roster/new");
            await page.AssertAccessibleAsync();
            await page.GotoAsync(app.BaseUrl + "/roster?status=inactive");
            await Assertions.Expect(page.GetByText("Showing 1–3 of 3 people")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
        });
        Directory.Delete(folder, recursive: true);
    }
}
