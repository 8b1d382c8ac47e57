using Beacon.Data;
using Beacon.Features.Practices;
using Beacon.Tests.Infrastructure;

namespace Beacon.Tests.Practices;

public sealed class AdministrationPageTests
{
    /// <summary>
    /// The header keeps roster, compliance, reports and one "Administration" link; that page lists every other
    /// administrator page, and each of them opens.
    /// </summary>
    [Theory, DatabaseData]
    public async Task The_administration_page_lists_every_admin_page_and_each_opens(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (_, _, admin) = await app.SignedInAdminAsync();

        var page = await admin.GetPageAsync("/practice");
        var header = page.QuerySelector("header nav")!;
        Assert.Equal("page", header.QuerySelector("a[href='/practice']")!.GetAttribute("aria-current"));
        Assert.Null(header.QuerySelector("a[href='/practice/requirements']"));

        var links = page.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")!).ToList();
        var expected = AdministrationModel.Groups.SelectMany(g => g.Areas).Select(a => a.Href).ToList();
        Assert.Equal(expected, links);
        Assert.Contains("/practice/protocol", links);
        Assert.Contains("/practice/directory", links);
        foreach (var href in links)
        {
            var area = await admin.GetPageAsync(href);
            Assert.False(string.IsNullOrWhiteSpace(area.QuerySelector("h1")?.TextContent), $"{href} has no heading");
        }
    }
}
