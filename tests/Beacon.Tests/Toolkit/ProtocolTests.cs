using System.Net;
using Beacon.Data;
using Beacon.Features.Courses;
using Beacon.Features.Toolkit;
using Beacon.Tests.Infrastructure;
using Beacon.Tests.LiveSessions;
using Beacon.Tests.Practices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Toolkit;

public sealed class ProtocolTests
{
    private static readonly NationalResource Hotline = new("national-hotline", "National Hotline", "1-800-555-0100", "55555", "https://hotline.example", "24/7", null, null, new DateOnly(2025, 12, 19), null);

    [Fact]
    public void Raw_html_and_script_in_the_markdown_are_never_emitted()
    {
        const string markdown = """
            ## Start {#start onclick="alert(1)" .danger style="color:red"}

            <script>alert('x')</script>
            <img src=x onerror="alert(2)">
            [click](javascript:alert(3)) and [ok](https://example.org) and [jump](#start)
            Call {{hotline.phone}} <b>now</b>.
            """;
        var html = ProtocolText.ToHtml(markdown, Hotline);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onclick", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"start\">Start</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org\">ok</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#start\">jump</a>", html, StringComparison.Ordinal);
        Assert.Contains("Call 1-800-555-0100", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Hotline_details_that_look_like_markup_are_shown_as_text()
    {
        var odd = Hotline with { Phone = "<script>alert(1)</script> *x*" };
        var html = ProtocolText.ToHtml("Phone: {{hotline.phone}} [S39]", odd);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<em>", html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"citation\" href=\"#source-S39\">[S39]</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_section_runs_to_the_next_heading_of_its_level()
    {
        const string markdown = "# Top {#top}\n\nintro\n\n## A {#a}\n\ntext a\n\n### A1 {#a1}\n\nmore\n\n## B {#b}\n\ntext b\n";
        Assert.Equal("## A {#a}\n\ntext a\n\n### A1 {#a1}\n\nmore\n", ProtocolText.Section(markdown, "a"));
        Assert.Equal("## B {#b}\n\ntext b\n", ProtocolText.Section(markdown, "b"));
        Assert.Equal("", ProtocolText.Section(markdown, "missing"));
    }

    [Theory, DatabaseData]
    public async Task Staff_see_the_default_until_an_admin_publishes_and_every_version_is_kept_and_audited(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, admin, client) = await app.SignedInAdminAsync();
        var (_, _, learner) = await app.SignedInLearnerAsync(practice, 0);
        var hotline = app.Services.GetRequiredService<NationalResources>().All.Single(r => r.Id == NationalResources.HotlineId);

        // The default, with jump links to the three branches, the hotline from the resource file and sources.
        var staffPage = await learner.GetPageAsync("/toolkit/protocol");
        Assert.Equal(["#adult", "#minor", "#immediate-danger", "/toolkit/protocol/print"], staffPage.QuerySelectorAll(".toolkit-branches a").Select(a => a.GetAttribute("href")));
        foreach (var id in ProtocolText.RequiredIds)
        {
            Assert.NotNull(staffPage.QuerySelector($".protocol-text #{id}"));
        }
        Assert.Contains($"Phone: {hotline.Phone}", staffPage.QuerySelector(".protocol-text")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", staffPage.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Beacon's default protocol, version 1.0.0", staffPage.Body.TextContent, StringComparison.Ordinal);
        Assert.All(staffPage.QuerySelectorAll("a.citation"), a => Assert.NotNull(staffPage.QuerySelector(a.GetAttribute("href")!)));

        var print = await learner.GetPageAsync("/toolkit/protocol/print");
        Assert.NotNull(print.QuerySelector(".protocol-summary #summary"));
        Assert.Null(print.QuerySelector(".protocol-summary #adult"));
        Assert.Contains(hotline.Phone, print.QuerySelector(".protocol-summary")!.TextContent, StringComparison.Ordinal);
        Assert.InRange(print.QuerySelector(".protocol-summary")!.TextContent.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length, 150, 420);

        // The editor starts from the current text; a publish with problems is refused and saves nothing.
        var editor = await client.GetPageAsync("/practice/protocol");
        var markdown = editor.QuerySelector("textarea#Markdown")!.TextContent;
        Assert.Contains("{#immediate-danger}", markdown, StringComparison.Ordinal);
        var broken = markdown.Replace("{#minor}", "{#children}", StringComparison.Ordinal) + "\nCall 1-888-373-7888 [S9999]\n";
        var refused = await client.PostFormAsync("/practice/protocol?handler=Publish", [F("Markdown", broken), F("ChangeNote", "")], "/practice/protocol");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var errors = (await ParseAsync(refused)).QuerySelectorAll("#error-summary li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Contains("Line 1: no heading with id 'minor': keep a heading ending {#minor} (other pages link to it).", errors);
        Assert.Contains(errors, e => e.EndsWith("unknown citation key 'S9999'.", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("the national hotline's details are written out", StringComparison.Ordinal));
        Assert.Contains("Say in a few words what changed (the change note is kept with the version).", errors);
        Assert.Equal(0, await app.WithDbAsync(db => db.ProtocolVersions.CountAsync(), practice.PracticeId));

        // Preview renders without publishing, script shown as text.
        var withLead = markdown.Replace("**Named lead:** ______________________", "**Named lead:** Dr Rivera, ext. 214", StringComparison.Ordinal);
        Assert.NotEqual(markdown, withLead);
        var preview = await ParseAsync(await client.PostFormAsync("/practice/protocol?handler=Preview", [F("Markdown", withLead + "\n<script>alert(1)</script>\n"), F("ChangeNote", "")], "/practice/protocol"));
        Assert.Contains("Dr Rivera, ext. 214", preview.QuerySelector(".protocol-preview")!.TextContent, StringComparison.Ordinal);
        Assert.Null(preview.QuerySelector(".protocol-preview script"));
        Assert.Equal(0, await app.WithDbAsync(db => db.ProtocolVersions.CountAsync(), practice.PracticeId));

        var published = await client.PostFormAsync("/practice/protocol?handler=Publish", [F("Markdown", withLead), F("ChangeNote", "Named lead added")], "/practice/protocol");
        AdminTestSupport.AssertRedirect(published, "/practice/protocol");
        app.Time.Advance(TimeSpan.FromMinutes(10));
        var second = withLead.Replace("Dr Rivera, ext. 214", "Dr Chen, ext. 301", StringComparison.Ordinal);
        AdminTestSupport.AssertRedirect(await client.PostFormAsync("/practice/protocol?handler=Publish", [F("Markdown", second), F("ChangeNote", "New lead")], "/practice/protocol"), "/practice/protocol");
        var same = await client.PostFormAsync("/practice/protocol?handler=Publish", [F("Markdown", second), F("ChangeNote", "Again")], "/practice/protocol");
        Assert.Contains("The text is the same as the current version", (await ParseAsync(same)).Text("#error-summary"), StringComparison.Ordinal);

        // Staff see the newest version; the print page follows it.
        var current = await learner.GetPageAsync("/toolkit/protocol");
        Assert.Contains("Dr Chen, ext. 301", current.QuerySelector(".protocol-text")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("The practice's version 2, published March 2, 2026 by Test PracticeAdmin", current.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Dr Chen, ext. 301", (await learner.GetPageAsync("/toolkit/protocol/print")).QuerySelector(".protocol-summary")!.TextContent, StringComparison.Ordinal);

        // History: both versions, the old one readable as it was.
        var history = await client.GetPageAsync("/practice/protocol");
        var rows = history.QuerySelectorAll("section[aria-labelledby=history-heading] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("Version 2 (current)", rows[0], StringComparison.Ordinal);
        Assert.Contains("New lead", rows[0], StringComparison.Ordinal);
        Assert.Contains("Named lead added", rows[1], StringComparison.Ordinal);
        var old = await client.GetPageAsync("/practice/protocol/versions/1");
        Assert.Contains("Dr Rivera, ext. 214", old.QuerySelector(".protocol-text")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/practice/protocol/versions/3")).StatusCode);

        var audit = await app.AuditAsync(practice.PracticeId, "protocol-version.created");
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal(admin.UserId, a.ActorUserId));
        Assert.Contains("Named lead added", audit[0].Changes, StringComparison.Ordinal);

        // Staff may read but not edit.
        var denied = await learner.GetAsync("/practice/protocol");
        Assert.True(denied.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"answered {(int)denied.StatusCode}");
        var deniedPost = await learner.PostFormAsync("/practice/protocol?handler=Publish", [F("Markdown", second + "x"), F("ChangeNote", "x")], "/toolkit/protocol");
        Assert.NotEqual(HttpStatusCode.OK, deniedPost.StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.ProtocolVersions.CountAsync(), practice.PracticeId));
    }
}
