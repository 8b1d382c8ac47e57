using Beacon.BrowserTests.Infrastructure;
using Beacon.Data;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Beacon.BrowserTests;

public sealed class RequirementsTests
{
    [Fact]
    public async Task Practice_admin_adds_a_requirement_exempts_a_person_records_an_outside_certificate_and_adds_a_state_mandate_and_every_page_passes_axe()
    {
        await using var app = await BrowserApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync(staff: 3);
        var admin = await app.CreateAccountAsync(practice.PracticeId, "PracticeAdmin");
        var people = await app.WithDbAsync(async db =>
        {
            var staff = await db.StaffMembers.OrderBy(s => s.EmployeeId).ToListAsync();
            (staff[0].LicenceType, staff[0].LicenceState, staff[0].LicenceExpiry) = ("PA", "TX", new DateOnly(2027, 5, 31));
            await db.SaveChangesAsync();
            return staff.Select(s => (s.Id, Name: s.FirstName + " " + s.LastName)).ToList();
        }, practice.PracticeId);
        var folder = Directory.CreateTempSubdirectory("beacon-certificates-").FullName;
        var pdf = Path.Combine(folder, "outside-certificate.pdf");
        await File.WriteAllTextAsync(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

        await Browser.WithPageAsync(nameof(Practice_admin_adds_a_requirement_exempts_a_person_records_an_outside_certificate_and_adds_a_state_mandate_and_every_page_passes_axe), async page =>
        {
            await page.GotoAsync(app.BaseUrl + "/account/sign-in");
            await page.GetByLabel("Email address").FillAsync(admin.Email);
            await page.GetByLabel("Password").FillAsync(admin.Password);
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Welcome");

            // The header's Administration page groups the administrator's pages.
            await page.GetByRole(AriaRole.Link, new() { Name = "Administration", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Administration" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Requirements", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Requirements" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            // Add a requirement: a mistake first, named in the summary, then corrected.
            await page.GetByRole(AriaRole.Link, new() { Name = "Add a requirement" }).ClickAsync();
            await page.AssertAccessibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Add the requirement" }).ClickAsync();
            await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("Name: enter a name");
            await page.AssertAccessibleAsync();
            await page.GetByLabel("Name").FillAsync("Annual in-service");
            await page.GetByLabel("Every few months, rolling").CheckAsync();
            await page.GetByLabel("Starts on").FillAsync("2026-01-01");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add the requirement" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Annual in-service" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Requirement “Annual in-service” added.");
            await Assertions.Expect(page.GetByText("overdue by 30 days").First).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            // Exempt the second person.
            await page.GetByRole(AriaRole.Link, new() { Name = "Exempt a person" }).ClickAsync();
            await page.GetByLabel("Person").SelectOptionAsync(new SelectOptionValue { Label = people[1].Name });
            await page.GetByLabel("Reason").FillAsync("parental leave");
            await page.GetByLabel("Until (optional)").FillAsync("2026-08-31");
            await page.AssertAccessibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Record the exemption" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{people[1].Name} is exempt");
            await Assertions.Expect(page.GetByText("exempt until 2026-08-31: parental leave")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            // Record an outside certificate for the first person, from their roster page.
            await page.GotoAsync(app.BaseUrl + $"/roster/{people[0].Id}");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Requirements" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Record outside certificate for Annual in-service" }).ClickAsync();
            await page.AssertAccessibleAsync();
            await page.GetByLabel("Date on the certificate").FillAsync("2026-02-20");
            await page.GetByLabel("Certificate file").SetInputFilesAsync(pdf);
            await page.GetByRole(AriaRole.Button, new() { Name = "Record the certificate" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Outside certificate recorded");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "outside-certificate.pdf" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("last completed 2026-02-20")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            // Add the Texas mandate for practitioners: the PA licensed in Texas gets it.
            await page.GotoAsync(app.BaseUrl + "/practice/requirements/mandates");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Training mandates in Texas" })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Human trafficking prevention course for direct-care practitioners" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("added as a requirement");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Who it applies to (1)" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = people[0].Name, Exact = true })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            await page.GotoAsync(app.BaseUrl + "/practice/requirements");
            await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("TX: Human trafficking prevention course");
            await page.AssertAccessibleAsync();
        });
    }
}
