using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.ReferralDirectory;
using Beacon.Tests.Infrastructure;
using Beacon.Tests.Practices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.ReferralDirectory;

public sealed class DirectoryPagesTests
{
    [Theory, DatabaseData]
    public async Task Admin_adds_edits_and_retires_an_entry_each_change_audited_and_staff_see_only_active_ones(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, admin) = await app.SignedInAdminAsync();
        var staff = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Learner));

        AdminTestSupport.AssertRedirect(await admin.AddEntryAsync("Safe Harbor Shelter"), "/practice/directory");
        var entry = await app.WithDbAsync(db => db.DirectoryEntries.AsNoTracking().SingleAsync(), practice.PracticeId);
        Assert.Equal(("+15125550142", "anti-trafficking-services; shelter-housing", new DateOnly(2027, 2, 1)), (entry.Phone, entry.Categories, entry.NextReview));
        Assert.Equal("en; es", entry.Languages);

        var page = await staff.GetPageAsync("/toolkit/directory");
        var names = page.QuerySelectorAll("li.card h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal("National Human Trafficking Hotline", names[0]);
        Assert.Contains("Safe Harbor Shelter", names);
        Assert.NotNull(page.QuerySelector("a[href='tel:+15125550142']"));

        var edit = await admin.GetPageAsync($"/practice/directory/{entry.Id}/edit");
        Assert.Equal("1-512-555-0142", edit.QuerySelector("#f-phone")!.GetAttribute("value"));
        AdminTestSupport.AssertRedirect(await admin.PostFormAsync($"/practice/directory/{entry.Id}/edit",
            DirectoryDriver.EntryForm("Safe Harbor Shelter", F("textNumber", "512 555 0199"), F("open24x7", "yes"))), "/practice/directory");
        entry = await app.WithDbAsync(db => db.DirectoryEntries.AsNoTracking().SingleAsync(), practice.PracticeId);
        Assert.Equal(("+15125550199", true), (entry.TextNumber, entry.Open24x7));
        page = await staff.GetPageAsync("/toolkit/directory");
        Assert.NotNull(page.QuerySelector("a[href='sms:+15125550199']"));

        AdminTestSupport.AssertRedirect(await admin.PostFormAsync($"/practice/directory/{entry.Id}/edit?handler=Retire", [], $"/practice/directory/{entry.Id}/edit"), "/practice/directory");
        page = await staff.GetPageAsync("/toolkit/directory");
        Assert.DoesNotContain("Safe Harbor Shelter", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Retired", (await admin.GetPageAsync("/practice/directory")).QuerySelector("tbody tr")!.TextContent, StringComparison.Ordinal);

        var actions = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.TargetId == entry.Id.ToString()).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(), practice.PracticeId);
        Assert.Equal(["directory-entry.created", "directory-entry.updated", "directory-entry.updated"], actions);

        // Staff cannot reach the administrator's pages.
        Assert.NotEqual(HttpStatusCode.OK, (await staff.GetAsync("/practice/directory")).StatusCode);
    }

    [Theory, DatabaseData]
    public async Task Invalid_entries_name_each_field_in_the_error_summary_and_nothing_is_saved(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, admin) = await app.SignedInAdminAsync();
        var response = await admin.PostFormAsync("/practice/directory/new",
        [
            F("name", ""),
            F("serviceArea", "Travis County"),
            F("ageMin", "18"),
            F("ageMax", "12"),
            F("address", "12 Main St"),
            F("confidentialLocation", "yes"),
            F("phone", "555-0142"),
            F("web", "http://example.org"),
            F("lawEnforcementPosture", ""),
            F("onPatientCard", "yes"),
            F("patientCardLabel", "Trafficking help"),
            F("lastVerified", "2026-04-01"),
            F("verifiedBy", "Office manager"),
        ]);
        app.AssertOk(response);
        var page = await ParseAsync(response);
        var summary = page.QuerySelectorAll("#error-summary li").Select(li => li.TextContent.Trim()).ToList();
        string[] expected = ["Name:", "Categories:", "Oldest age served:", "Address:", "Phone:", "Web address:", "Law-enforcement posture:", "Label on the card: “traffick”", "Last verified:"];
        Assert.Equal(expected.Length, summary.Count);
        foreach (var (prefix, line) in expected.Zip(summary))
        {
            Assert.StartsWith(prefix, line, StringComparison.Ordinal);
        }
        Assert.Equal("#f-name", page.QuerySelector("#error-summary a")!.GetAttribute("href"));
        Assert.Equal("true", page.QuerySelector("#f-phone")!.GetAttribute("aria-invalid"));
        Assert.Equal("555-0142", page.QuerySelector("#f-phone")!.GetAttribute("value"));
        Assert.Equal(0, await app.WithDbAsync(db => db.DirectoryEntries.CountAsync(), practice.PracticeId));
    }

    [Theory, DatabaseData]
    public async Task Entries_past_review_are_flagged_and_each_admin_is_told_once_per_review_date(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, adminAccount, admin) = await app.SignedInAdminAsync();
        AdminTestSupport.AssertRedirect(await admin.AddEntryAsync("Old Partner", F("lastVerified", "2025-01-10"), F("nextReview", "2026-02-01")), "/practice/directory");
        AdminTestSupport.AssertRedirect(await admin.AddEntryAsync("Fresh Partner"), "/practice/directory");

        var list = await admin.GetPageAsync("/practice/directory");
        Assert.Contains("1 entry is past the review date", list.QuerySelector("#review-banner")!.TextContent, StringComparison.Ordinal);
        var flagged = list.QuerySelectorAll("tbody tr").Where(r => r.TextContent.Contains("Review overdue", StringComparison.Ordinal)).Select(r => r.QuerySelector("a")!.TextContent).ToList();
        Assert.Equal(["Old Partner"], flagged);

        async Task<int> RunAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<DirectoryReviewNotices>().RunAsync(app.Time.GetUtcNow(), CancellationToken.None);
        }
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());
        var notes = await app.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.UserId == adminAccount.UserId).ToListAsync(), practice.PracticeId);
        Assert.Single(notes);
        Assert.Contains("Old Partner", notes[0].Body, StringComparison.Ordinal);

        // Checked again, then overdue again later: a new review date is told again.
        var id = await app.WithDbAsync(db => db.DirectoryEntries.Where(e => e.Name == "Old Partner").Select(e => e.Id).SingleAsync(), practice.PracticeId);
        AdminTestSupport.AssertRedirect(await admin.PostFormAsync($"/practice/directory/{id}/edit",
            DirectoryDriver.EntryForm("Old Partner", F("lastVerified", "2026-03-01"), F("nextReview", "2026-03-02"))), "/practice/directory");
        app.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await RunAsync());
    }

    [Theory, DatabaseData]
    public async Task Staff_search_and_filter_by_category_and_language_with_national_lines_first(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, admin) = await app.SignedInAdminAsync();
        AdminTestSupport.AssertRedirect(await admin.AddEntryAsync("Legal Aid of Central Texas", F("categories", "legal-services"), F("services", "immigration-legal"), F("languages", "en; vi")), "/practice/directory");
        AdminTestSupport.AssertRedirect(await admin.AddEntryAsync("Harbor Shelter", F("languages", "en")), "/practice/directory");
        var staff = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Learner));

        async Task<List<string>> NamesAsync(string query) =>
            [.. (await staff.GetPageAsync("/toolkit/directory" + query)).QuerySelectorAll("li.card h2").Select(h => h.TextContent.Trim())];

        Assert.Equal(["National Human Trafficking Hotline", "Harbor Shelter", "Legal Aid of Central Texas"], await NamesAsync(""));
        Assert.Equal(["Legal Aid of Central Texas"], await NamesAsync("?q=immigration"));
        Assert.Equal(["Legal Aid of Central Texas"], await NamesAsync("?category=legal-services"));
        Assert.Equal(["Legal Aid of Central Texas"], await NamesAsync("?language=vi"));
        Assert.Equal(["Harbor Shelter"], await NamesAsync("?category=shelter-housing&language=en&q="));
        Assert.Equal(["National Human Trafficking Hotline"], await NamesAsync("?q=hotline"));

        var page = await staff.GetPageAsync("/toolkit/directory");
        var hotline = page.QuerySelectorAll("li.card")[0];
        Assert.Equal("tel:+18883737888", hotline.QuerySelector("a[data-kind=call]")!.GetAttribute("href"));
        Assert.Equal("sms:233733", hotline.QuerySelector("a[data-kind=text]")!.GetAttribute("href"));
        Assert.Contains("24/7", hotline.TextContent, StringComparison.Ordinal);
        Assert.Contains("Not confirmed", hotline.TextContent, StringComparison.Ordinal);
        Assert.Contains("Dec 19, 2025", hotline.TextContent, StringComparison.Ordinal);
    }
}
