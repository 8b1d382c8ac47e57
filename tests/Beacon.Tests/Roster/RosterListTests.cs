using AngleSharp.Dom;
using Beacon.Data;
using Beacon.Features.Roster;
using Beacon.Tests.Infrastructure;

namespace Beacon.Tests.Roster;

public sealed class RosterListTests
{
    private static List<string> Names(IDocument page) =>
        [.. page.QuerySelectorAll("table tbody tr th a").Select(a => a.TextContent.Trim())];

    [Theory, DatabaseData]
    public async Task The_list_finds_people_by_name_email_and_employee_id(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        await app.AddPersonAsync(admin.PracticeId, admin.North, "Maria", "Lopez", "maria.l@example.test", "E1");
        await app.AddPersonAsync(admin.PracticeId, admin.North, "Tom", "Hart", "tom.hart@example.test", "EMP-22");
        await app.AddPersonAsync(admin.PracticeId, admin.South, "Lopa", "Singh", "singh@example.test", "E3");

        Assert.Equal(["Lopez, Maria", "Singh, Lopa"], Names(await admin.Client.GetPageAsync("/roster?q=lop")));
        Assert.Equal(["Lopez, Maria"], Names(await admin.Client.GetPageAsync("/roster?q=Maria%20Lopez")));
        Assert.Equal(["Lopez, Maria"], Names(await admin.Client.GetPageAsync("/roster?q=LOPEZ,%20maria")));
        Assert.Equal(["Hart, Tom"], Names(await admin.Client.GetPageAsync("/roster?q=TOM.HART@")));
        Assert.Equal(["Hart, Tom"], Names(await admin.Client.GetPageAsync("/roster?q=emp-22")));
        var none = await admin.Client.GetPageAsync("/roster?q=zebra");
        Assert.Empty(Names(none));
        Assert.Contains("No one matches these filters.", none.Text("#roster-count"), StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task The_list_filters_by_site_job_role_and_status(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        await app.AddPersonAsync(admin.PracticeId, admin.North, "Ann", "Adams", "ann@example.test", jobRole: "physician");
        await app.AddPersonAsync(admin.PracticeId, admin.South, "Bob", "Brown", "bob@example.test", jobRole: "billing");
        await app.AddPersonAsync(admin.PracticeId, admin.South, "Cat", "Clark", "cat@example.test", jobRole: "physician");
        await app.AddPersonAsync(admin.PracticeId, admin.North, "Dan", "Dane", "dan@example.test", jobRole: "billing", active: false);

        Assert.Equal(["Adams, Ann", "Brown, Bob", "Clark, Cat"], Names(await admin.Client.GetPageAsync("/roster")));
        Assert.Equal(["Brown, Bob", "Clark, Cat"], Names(await admin.Client.GetPageAsync($"/roster?site={admin.South}")));
        Assert.Equal(["Adams, Ann", "Clark, Cat"], Names(await admin.Client.GetPageAsync("/roster?role=physician")));
        Assert.Equal(["Clark, Cat"], Names(await admin.Client.GetPageAsync($"/roster?role=physician&site={admin.South}")));
        Assert.Equal(["Dane, Dan"], Names(await admin.Client.GetPageAsync("/roster?status=inactive")));
        Assert.Equal(["Brown, Bob", "Dane, Dan"], Names(await admin.Client.GetPageAsync("/roster?status=all&role=billing")));
        var inactive = await admin.Client.GetPageAsync("/roster?status=inactive");
        Assert.Equal("Inactive", inactive.QuerySelector("table tbody tr td:last-child")?.TextContent.Trim());
    }

    [Theory, DatabaseData]
    public async Task The_list_shows_fifty_to_a_page_sorted_by_name_either_way(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        await app.WithDbAsync(async db =>
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            db.StaffMembers.AddRange(Enumerable.Range(0, 120).Select(i => new StaffMember
            {
                PracticeId = admin.PracticeId,
                FirstName = "Pat",
                LastName = $"Name{i:D3}",
                Email = $"pat{i}@example.test",
                JobRole = "billing",
                SiteId = i % 2 == 0 ? admin.North : admin.South,
                CreatedAt = now,
                UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
        }, admin.PracticeId);

        var first = await admin.Client.GetPageAsync("/roster");
        Assert.Equal(50, Names(first).Count);
        Assert.Equal("Name000, Pat", Names(first)[0]);
        Assert.Equal("Showing 1–50 of 120 people", first.Text("#roster-count"));
        Assert.Equal("ascending", first.QuerySelector("th[aria-sort]")?.GetAttribute("aria-sort"));
        Assert.NotNull(first.QuerySelector("nav[aria-label='Roster pages'] a[href='/roster?p=2']"));

        var third = await admin.Client.GetPageAsync("/roster?p=3");
        Assert.Equal(20, Names(third).Count);
        Assert.Equal("Name119, Pat", Names(third)[^1]);
        Assert.Equal("Showing 101–120 of 120 people", third.Text("#roster-count"));

        var descending = await admin.Client.GetPageAsync("/roster?sort=-name");
        Assert.Equal("Name119, Pat", Names(descending)[0]);
        Assert.Equal("descending", descending.QuerySelector("th[aria-sort]")?.GetAttribute("aria-sort"));

        // Filters and order survive paging.
        var south = await admin.Client.GetPageAsync($"/roster?site={admin.South}&sort=-name");
        Assert.Equal("Showing 1–50 of 60 people", south.Text("#roster-count"));
        Assert.NotNull(south.QuerySelector($"nav[aria-label='Roster pages'] a[href='/roster?site={admin.South}&sort=-name&p=2']"));
        Assert.Equal("Name001, Pat", Names(await admin.Client.GetPageAsync($"/roster?site={admin.South}&sort=-name&p=2"))[^1]);
    }
}
