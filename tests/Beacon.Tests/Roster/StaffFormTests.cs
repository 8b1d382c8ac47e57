using System.Net;
using AngleSharp.Dom;
using Beacon.Data;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Roster;

public sealed class StaffFormTests
{
    private static KeyValuePair<string, string>[] Form(
        string first = "Rosa", string last = "Diaz", string email = "rosa@example.test", string employeeId = "", string role = "registered-nurse",
        string site = "", string hire = "", string manager = "", string licenceType = "", string licenceNumber = "", string licenceState = "", string licenceExpiry = "") =>
    [
        F("Input.FirstName", first), F("Input.LastName", last), F("Input.Email", email), F("Input.EmployeeId", employeeId),
        F("Input.JobRole", role), F("Input.SiteId", site), F("Input.HireDate", hire), F("Input.Manager", manager),
        F("Input.LicenceType", licenceType), F("Input.LicenceNumber", licenceNumber), F("Input.LicenceState", licenceState), F("Input.LicenceExpiry", licenceExpiry),
    ];

    private static string ErrorOf(IDocument page, string field) => page.Text($"#error-{field}");

    [Theory, DatabaseData]
    public async Task Adding_a_person_stores_a_clean_email_and_the_history_names_who_added_them(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();

        var response = await admin.Client.PostFormAsync("/roster/new", Form(first: "  Rosa ", email: "  Rosa.Diaz@Example.TEST ", employeeId: " R-1 ", site: admin.North.ToString(),
            hire: "2025-04-01", licenceType: "RN", licenceNumber: "RN-5", licenceState: "TX", licenceExpiry: "2027-04-30"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var person = await app.WithDbAsync(db => db.StaffMembers.AsNoTracking().SingleAsync(), admin.PracticeId);
        Assert.Equal($"/roster/{person.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("Rosa", "rosa.diaz@example.test", "R-1", admin.PracticeId, true), (person.FirstName, person.Email, person.EmployeeId, person.PracticeId, person.Active));
        Assert.Equal((new DateOnly(2025, 4, 1), "RN", "TX", new DateOnly(2027, 4, 30)), (person.HireDate, person.LicenceType, person.LicenceState, person.LicenceExpiry));
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, person.CreatedAt);

        var details = await admin.Client.GetPageAsync($"/roster/{person.Id}");
        var history = details.QuerySelector("section[aria-labelledby='history-heading'] tbody")!.TextContent;
        Assert.Contains("Added to the roster", history, StringComparison.Ordinal);
        Assert.Contains("Test PracticeAdmin", history, StringComparison.Ordinal);
        Assert.Contains("Site: North Clinic", history, StringComparison.Ordinal);
        Assert.Contains("Email: rosa.diaz@example.test", history, StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task The_form_explains_each_bad_field_beside_it_and_saves_nothing(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        await app.AddPersonAsync(admin.PracticeId, admin.North, "Tia", "Taken", "taken@example.test", "E1");

        var first = await admin.Client.PostFormAsync("/roster/new", Form(first: " ", email: "not-an-email", employeeId: "E1", role: "astronaut",
            site: Guid.NewGuid().ToString(), licenceState: "TX", licenceNumber: "123", hire: "31/02/2024"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var page = await ParseAsync(first);
        Assert.Equal("Enter the first name.", ErrorOf(page, "FirstName"));
        Assert.Contains("not a valid email address", ErrorOf(page, "Email"), StringComparison.Ordinal);
        Assert.Contains("Tia Taken already has employee ID E1", ErrorOf(page, "EmployeeId"), StringComparison.Ordinal);
        Assert.Equal("Choose a job role from the list.", ErrorOf(page, "JobRole"));
        Assert.Equal("Choose one of the practice's open sites.", ErrorOf(page, "SiteId"));
        Assert.NotEmpty(ErrorOf(page, "HireDate"));
        Assert.Contains("licence type too", ErrorOf(page, "LicenceState"), StringComparison.Ordinal);
        Assert.Contains("licence type too", ErrorOf(page, "LicenceNumber"), StringComparison.Ordinal);
        // Each message is tied to its field for screen readers, and listed in a summary that links to it.
        var email = page.QuerySelector("#Input_Email")!;
        Assert.Equal("true", email.GetAttribute("aria-invalid"));
        Assert.Contains("error-Email", email.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#error-summary a[href='#Input_Email']"));
        Assert.Equal("not-an-email", email.GetAttribute("value"));

        var duplicate = await ParseAsync(await admin.Client.PostFormAsync("/roster/new", Form(email: " TAKEN@example.test", site: admin.North.ToString())));
        Assert.Contains("Tia Taken already has this email", ErrorOf(duplicate, "Email"), StringComparison.Ordinal);

        Assert.Equal(1, await app.WithDbAsync(db => db.StaffMembers.CountAsync(), admin.PracticeId));
    }

    [Theory, DatabaseData]
    public async Task Editing_changes_the_person_and_the_history_shows_who_changed_what(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        var boss = await app.AddPersonAsync(admin.PracticeId, admin.North, "Ann", "Boss", "ann@example.test", "B1");
        var person = await app.AddPersonAsync(admin.PracticeId, admin.North, "Sam", "Staff", "sam@example.test", "S1");
        app.Time.Advance(TimeSpan.FromMinutes(3));

        var form = await admin.Client.GetPageAsync($"/roster/{person.Id}/edit");
        Assert.Equal("sam@example.test", form.QuerySelector("#Input_Email")?.GetAttribute("value"));
        var self = await ParseAsync(await admin.Client.PostFormAsync($"/roster/{person.Id}/edit", Form(first: "Sam", last: "Staff", email: "sam@example.test", employeeId: "S1", site: admin.North.ToString(), manager: person.Id.ToString())));
        Assert.Equal("A person cannot be their own manager.", ErrorOf(self, "Manager"));

        var response = await admin.Client.PostFormAsync($"/roster/{person.Id}/edit",
            Form(first: "Sam", last: "Staff", email: "sam@example.test", employeeId: "S1", role: "medical-assistant", site: admin.South.ToString(), manager: boss.Id.ToString()));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await app.WithDbAsync(db => db.StaffMembers.AsNoTracking().SingleAsync(s => s.Id == person.Id), admin.PracticeId);
        Assert.Equal((admin.South, boss.Id, "medical-assistant"), (saved.SiteId, saved.ManagerId, saved.JobRole));
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, saved.UpdatedAt);
        var details = await admin.Client.GetPageAsync($"/roster/{person.Id}");
        var newest = details.QuerySelector("section[aria-labelledby='history-heading'] tbody tr")!.TextContent;
        Assert.Contains("Test PracticeAdmin", newest, StringComparison.Ordinal);
        var changes = details.QuerySelector("section[aria-labelledby='history-heading'] tbody tr")!.QuerySelectorAll("li").Select(li => li.TextContent).ToList();
        Assert.Contains("Site: North Clinic →changed to South Clinic", changes);
        Assert.Contains("Manager: none →changed to Ann Boss", changes);
        Assert.Contains("Job role: Registered nurse →changed to Medical assistant", changes);
        Assert.Equal(3, changes.Count);

        // Saving the same values again changes nothing, not even the time stamp.
        app.Time.Advance(TimeSpan.FromMinutes(3));
        await admin.Client.PostFormAsync($"/roster/{person.Id}/edit",
            Form(first: "Sam", last: "Staff", email: "sam@example.test", employeeId: "S1", role: "medical-assistant", site: admin.South.ToString(), manager: boss.Id.ToString()));
        Assert.Equal(saved.UpdatedAt, await app.WithDbAsync(db => db.StaffMembers.Where(s => s.Id == person.Id).Select(s => s.UpdatedAt).SingleAsync(), admin.PracticeId));
    }

    [Theory, DatabaseData]
    public async Task Deactivating_keeps_the_person_and_their_history_and_reactivating_brings_them_back(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        var person = await app.AddPersonAsync(admin.PracticeId, admin.North, "Lee", "Leaving", "lee@example.test", "L1");
        app.Time.Advance(TimeSpan.FromMinutes(2));

        var confirm = await admin.Client.GetPageAsync($"/roster/{person.Id}/deactivate");
        Assert.Contains("Deactivate Lee Leaving?", confirm.Text("h1"), StringComparison.Ordinal);
        var before = await admin.Client.GetPageAsync($"/roster/{person.Id}");
        var deactivate = before.QuerySelector($"form[action='/roster/{person.Id}/deactivate'] input[name=__RequestVerificationToken]");
        Assert.NotNull(deactivate);
        var response = await admin.Client.PostFormWithTokenAsync($"/roster/{person.Id}/deactivate", [], deactivate.GetAttribute("value")!);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var row = await app.WithDbAsync(db => db.StaffMembers.AsNoTracking().SingleAsync(s => s.Id == person.Id), admin.PracticeId);
        Assert.Equal((false, app.Time.GetUtcNow().UtcDateTime), (row.Active, row.DeactivatedAt));
        Assert.DoesNotContain("Leaving, Lee", (await admin.Client.GetPageAsync("/roster")).Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Leaving, Lee", (await admin.Client.GetPageAsync("/roster?status=inactive")).Body!.TextContent, StringComparison.Ordinal);
        var details = await admin.Client.GetPageAsync($"/roster/{person.Id}");
        var history = details.QuerySelectorAll("section[aria-labelledby='history-heading'] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, history.Count);
        Assert.Contains("Active: yes", history[0], StringComparison.Ordinal);
        Assert.Contains("Added to the roster", history[1], StringComparison.Ordinal);

        await admin.Client.PostFormAsync($"/roster/{person.Id}/reactivate", [], tokenPage: $"/roster/{person.Id}");
        row = await app.WithDbAsync(db => db.StaffMembers.AsNoTracking().SingleAsync(s => s.Id == person.Id), admin.PracticeId);
        Assert.Equal((true, (DateTime?)null), (row.Active, row.DeactivatedAt));
        Assert.Equal(3, (await admin.Client.GetPageAsync($"/roster/{person.Id}")).QuerySelectorAll("section[aria-labelledby='history-heading'] tbody tr").Length);
    }
}
