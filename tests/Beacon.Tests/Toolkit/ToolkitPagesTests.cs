using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Beacon.Tests.LiveSessions;
using Beacon.Tests.Practices;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Toolkit;

public sealed class ToolkitPagesTests
{
    /// <summary>domain.md §6, written out here independently of content/toolkit/icd10.yaml.</summary>
    private static readonly string[] DomainCodes =
    [
        "T74.51XA", "T74.51XD", "T74.51XS",
        "T74.52XA", "T74.52XD", "T74.52XS",
        "T74.61XA", "T74.61XD", "T74.61XS",
        "T74.62XA", "T74.62XD", "T74.62XS",
        "T76.51XA", "T76.51XD", "T76.51XS",
        "T76.52XA", "T76.52XD", "T76.52XS",
        "T76.61XA", "T76.61XD", "T76.61XS",
        "T76.62XA", "T76.62XD", "T76.62XS",
        "Z04.81", "Z04.82", "Z62.813", "Z91.42", "Y07.6",
    ];

    [Fact]
    public async Task The_codes_page_shows_exactly_the_29_codes_of_the_research_each_with_a_copy_button()
    {
        await using var app = await BeaconApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync();
        var (_, _, client) = await app.SignedInLearnerAsync(practice, 0);

        var page = await client.GetPageAsync("/toolkit/codes");
        var shown = page.QuerySelectorAll(".icd-code-value").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(29, DomainCodes.Length);
        Assert.Equal(DomainCodes.Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));
        Assert.Equal(shown, page.QuerySelectorAll("button[data-copy]").Select(b => b.GetAttribute("data-copy")));

        string[] Section(string category) => [.. page.QuerySelectorAll($"section[aria-labelledby=category-{category}] .icd-code-value").Select(c => c.TextContent.Trim())];
        Assert.All(Section("confirmed"), c => Assert.StartsWith("T74.", c, StringComparison.Ordinal));
        Assert.All(Section("suspected"), c => Assert.StartsWith("T76.", c, StringComparison.Ordinal));
        Assert.Equal(["Z04.81", "Z04.82"], Section("encounter"));
        Assert.Equal(["Z62.813", "Z91.42"], Section("history"));
        Assert.Equal(["Y07.6"], Section("perpetrator"));
        Assert.Contains("use Z04.81 (sexual) or Z04.82 (labor), not a T76 code", page.QuerySelector("#code-T76-51XA")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Not yet checked against the current fiscal year's code set", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#source-S58 a[href]"));
    }

    [Fact]
    public async Task The_home_links_every_tool_and_the_header_link_is_outside_the_collapsed_menu()
    {
        await using var app = await BeaconApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync();
        var (_, _, client) = await app.SignedInLearnerAsync(practice, 0);

        var home = await client.GetPageAsync("/toolkit");
        Assert.Equal(
            ["/toolkit/protocol", "/toolkit/red-flags", "/toolkit/screening", "/toolkit/reporting", "/toolkit/directory", "/toolkit/codes", "/toolkit/handout"],
            home.QuerySelectorAll(".toolkit-links a").Select(a => a.GetAttribute("href")));

        foreach (var url in new[] { "/", "/learn", "/transcript", "/toolkit/codes" })
        {
            var page = await client.GetPageAsync(url);
            var link = page.QuerySelector("a.toolkit-header-link");
            Assert.NotNull(link);
            Assert.Equal("/toolkit", link.GetAttribute("href"));
            Assert.Null(link.Closest(".navbar-collapse"));
        }

        // A provider administrator is no practice member: no toolkit link, and the toolkit refuses them.
        var provider = await app.SignInAsync(await app.CreateAccountAsync(null, Roles.ProviderAdmin));
        Assert.Null((await provider.GetPageAsync("/provider/practices")).QuerySelector("a.toolkit-header-link"));
        var refused = await provider.GetAsync("/toolkit");
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"answered {(int)refused.StatusCode}");
    }

    [Fact]
    public async Task Red_flags_show_the_caveat_and_sources_and_leave_clinical_findings_out_for_non_clinical_staff()
    {
        await using var app = await BeaconApp.StartAsync(DatabaseProvider.Sqlite);
        var practice = await app.CreatePracticeAsync(staff: 2);
        // TestData: staff 1 (index 0) is a registered nurse, staff 2 (index 1) works at the front desk.
        var (_, _, nurse) = await app.SignedInLearnerAsync(practice, 0);
        var (_, _, desk) = await app.SignedInLearnerAsync(practice, 1);
        var (_, _, admin) = await app.SignedInAdminAsync();

        var clinical = await nurse.GetPageAsync("/toolkit/red-flags");
        Assert.Contains("No single sign proves that someone is being trafficked.", clinical.QuerySelector(".toolkit-caveats")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(clinical.QuerySelector("#group-clinical"));
        Assert.Equal(5, clinical.QuerySelectorAll("section.toolkit-group").Length);
        var source = clinical.QuerySelector("#source-S33 a");
        Assert.NotNull(source);
        Assert.StartsWith("http", source.GetAttribute("href"), StringComparison.Ordinal);
        Assert.All(clinical.QuerySelectorAll("a.citation"), a => Assert.NotNull(clinical.QuerySelector(a.GetAttribute("href")!)));
        Assert.All(clinical.QuerySelectorAll("section.toolkit-group"), g => Assert.NotNull(g.QuerySelector("a[href='/toolkit/protocol#privacy']")));

        var nonClinical = await desk.GetPageAsync("/toolkit/red-flags");
        Assert.Null(nonClinical.QuerySelector("#group-clinical"));
        Assert.NotNull(nonClinical.QuerySelector("#group-companion"));
        Assert.Contains("1 group is for clinical staff only", nonClinical.Body!.TextContent, StringComparison.Ordinal);

        // No roster record (an administrator who does not train): every group.
        Assert.NotNull((await admin.GetPageAsync("/toolkit/red-flags")).QuerySelector("#group-clinical"));
    }

    [Fact]
    public async Task The_manifest_and_service_worker_are_served_from_the_root_and_sign_out_clears_the_site_data()
    {
        await using var app = await BeaconApp.StartAsync(DatabaseProvider.Sqlite);
        var anonymous = app.NewClient();
        var manifest = await anonymous.GetAsync("/manifest.webmanifest");
        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
        Assert.Equal("application/manifest+json", manifest.Content.Headers.ContentType?.MediaType);
        var json = System.Text.Json.JsonDocument.Parse(await manifest.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("/toolkit", json.GetProperty("start_url").GetString());
        Assert.Equal("standalone", json.GetProperty("display").GetString());
        foreach (var icon in json.GetProperty("icons").EnumerateArray())
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(icon.GetProperty("src").GetString())).StatusCode);
        }
        var worker = await anonymous.GetAsync("/sw.js");
        Assert.Equal(HttpStatusCode.OK, worker.StatusCode);
        Assert.Equal("text/javascript", worker.Content.Headers.ContentType?.MediaType);
        var script = await worker.Content.ReadAsStringAsync();
        foreach (var page in new[] { "/toolkit", "/toolkit/red-flags", "/toolkit/protocol", "/toolkit/protocol/print", "/toolkit/codes", "/toolkit/reporting", "/toolkit/directory", "/toolkit/screening" })
        {
            Assert.Contains($"'{page}'", script, StringComparison.Ordinal);
        }

        var (_, _, client) = await app.SignedInAdminAsync();
        Assert.Contains("data-toolkit-offline=\"keep\"", await client.GetStringAsync("/toolkit"), StringComparison.Ordinal);
        var signedOut = await client.PostFormAsync("/account/sign-out", [], "/");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("\"cache\", \"storage\"", string.Join(",", signedOut.Headers.GetValues("Clear-Site-Data")));
        Assert.Contains("data-toolkit-offline=\"clear\"", await client.GetStringAsync("/account/sign-in"), StringComparison.Ordinal);
    }
}
