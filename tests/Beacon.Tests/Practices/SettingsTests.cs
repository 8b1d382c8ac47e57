using Beacon.Data;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;
using static Beacon.Tests.Practices.AdminTestSupport;

namespace Beacon.Tests.Practices;

public sealed class SettingsTests
{
    [Theory, DatabaseData]
    public async Task Practice_details_are_saved_and_audited_field_by_field(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync();
        var page = await client.GetPageAsync("/practice/settings");
        Assert.Equal("America/Chicago", page.QuerySelector("#Details_TimeZoneId option[selected]")?.GetAttribute("value"));

        var response = await client.PostAsync("/practice/settings?handler=Details", "/practice/settings",
            F("Details.Name", "Lakeside Pediatrics"), F("Details.StateCode", "FL"), F("Details.TimeZoneId", "America/New_York"),
            F("Details.RequireAdminMfa", "true"));

        AssertRedirect(response, "/practice/settings");
        var saved = await app.WithDbAsync(db => db.Practices.SingleAsync(p => p.Id == practice.PracticeId));
        Assert.Equal(("Lakeside Pediatrics", "FL", "America/New_York", true), (saved.Name, saved.StateCode, saved.TimeZoneId, saved.RequireAdminMfa));
        var changes = Assert.Single(await app.AuditAsync(practice.PracticeId, "practice.updated")).Changes!;
        Assert.Contains($"\"Name\":{{\"before\":\"{practice.Name}\",\"after\":\"Lakeside Pediatrics\"}}", changes, StringComparison.Ordinal);
        Assert.Contains("\"TimeZoneId\":{\"before\":\"America/Chicago\",\"after\":\"America/New_York\"}", changes, StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task Practice_details_outside_the_lists_are_refused_with_reasons(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync();

        var response = await client.PostAsync("/practice/settings?handler=Details", "/practice/settings",
            F("Details.Name", ""), F("Details.StateCode", "XX"), F("Details.TimeZoneId", "Europe/Paris"));

        app.AssertOk(response);
        var page = await ParseAsync(response);
        Assert.Contains("Enter the practice's name", page.Text("#name-error"), StringComparison.Ordinal);
        Assert.Contains("Choose the state", page.Text("#state-error"), StringComparison.Ordinal);
        Assert.Contains("Choose a time zone from the list", page.Text("#zone-error"), StringComparison.Ordinal);
        var unchanged = await app.WithDbAsync(db => db.Practices.SingleAsync(p => p.Id == practice.PracticeId));
        Assert.Equal((practice.Name, "TX", "America/Chicago"), (unchanged.Name, unchanged.StateCode, unchanged.TimeZoneId));
        Assert.Empty(await app.AuditAsync(practice.PracticeId, "practice.updated"));
    }

    [Theory, DatabaseData]
    public async Task Site_is_added_and_a_second_one_with_the_same_name_in_other_capitals_is_refused(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync();

        AssertRedirect(await client.PostAsync("/practice/settings?handler=AddSite", "/practice/settings", F("NewSiteName", "  Eastside Clinic ")), "/practice/settings");
        var duplicate = await client.PostAsync("/practice/settings?handler=AddSite", "/practice/settings", F("NewSiteName", "EASTSIDE clinic"));
        var empty = await client.PostAsync("/practice/settings?handler=AddSite", "/practice/settings", F("NewSiteName", ""));

        app.AssertOk(duplicate);
        Assert.Contains("already has a site called \"EASTSIDE clinic\"", (await ParseAsync(duplicate)).Text("#site-error"), StringComparison.Ordinal);
        Assert.Contains("Enter the site's name", (await ParseAsync(empty)).Text("#site-error"), StringComparison.Ordinal);
        var names = await app.WithDbAsync(db => db.Sites.All().Where(s => s.PracticeId == practice.PracticeId).Select(s => s.Name).ToListAsync());
        Assert.Equal(new[] { "Eastside Clinic", "North Clinic", "South Clinic" }, names.Order(StringComparer.Ordinal));
        Assert.Single(await app.AuditAsync(practice.PracticeId, "site.created"), e => e.Changes!.Contains("Eastside Clinic", StringComparison.Ordinal));
        Assert.Contains("Eastside Clinic", await client.TextAsync("/practice/settings"), StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task Site_with_active_staff_is_deactivated_only_after_they_move(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync(staff: 3);
        // The test practice puts staff 1 and 3 at South Clinic and staff 2 at North Clinic.
        var south = practice.SiteIds[1];
        var url = $"/practice/sites/{south}";
        Assert.Contains("2 active staff members work at this site", await client.TextAsync(url), StringComparison.Ordinal);

        var refused = await client.PostAsync(url + "?handler=Deactivate", url);

        app.AssertOk(refused);
        Assert.Contains("2 active staff members work at this site. Move them", (await ParseAsync(refused)).Text("#site-problem"), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Sites.All().Where(s => s.Id == south).Select(s => s.Active).SingleAsync()));

        await app.WithDbAsync(db => db.StaffMembers.All().Where(s => s.SiteId == south).ExecuteUpdateAsync(set => set.SetProperty(s => s.SiteId, practice.SiteIds[0])));
        AssertRedirect(await client.PostAsync(url + "?handler=Deactivate", url), url);
        Assert.False(await app.WithDbAsync(db => db.Sites.All().Where(s => s.Id == south).Select(s => s.Active).SingleAsync()));
        Assert.Contains("\"Active\":{\"before\":true,\"after\":false}", Assert.Single(await app.AuditAsync(practice.PracticeId, "site.updated")).Changes, StringComparison.Ordinal);

        // The practice's last active site stays active.
        var north = $"/practice/sites/{practice.SiteIds[0]}";
        await app.WithDbAsync(db => db.StaffMembers.All().Where(s => s.PracticeId == practice.PracticeId).ExecuteUpdateAsync(set => set.SetProperty(s => s.Active, false)));
        var last = await client.PostAsync(north + "?handler=Deactivate", north);
        Assert.Contains("only active site", (await ParseAsync(last)).Text("#site-problem"), StringComparison.Ordinal);

        AssertRedirect(await client.PostAsync(url + "?handler=Reactivate", url), url);
        Assert.True(await app.WithDbAsync(db => db.Sites.All().Where(s => s.Id == south).Select(s => s.Active).SingleAsync()));
    }

    [Theory, DatabaseData]
    public async Task Site_is_renamed_but_not_to_another_sites_name(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync();
        var url = $"/practice/sites/{practice.SiteIds[0]}";

        var clash = await client.PostAsync(url + "?handler=Rename", url, F("Name", "south clinic"));
        AssertRedirect(await client.PostAsync(url + "?handler=Rename", url, F("Name", "Downtown Clinic")), url);

        Assert.Contains("already has a site called", (await ParseAsync(clash)).Text("#name-error"), StringComparison.Ordinal);
        Assert.Equal("Downtown Clinic", await app.WithDbAsync(db => db.Sites.All().Where(s => s.Id == practice.SiteIds[0]).Select(s => s.Name).SingleAsync()));
        Assert.Single(await app.AuditAsync(practice.PracticeId, "site.updated"));
    }
}
