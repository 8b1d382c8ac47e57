using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;
using static Beacon.Tests.Practices.AdminTestSupport;

namespace Beacon.Tests.Practices;

public sealed class AuditLogTests
{
    [Theory, DatabaseData]
    public async Task Audit_log_shows_changes_before_and_after_and_the_chain_verifies_intact(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync();
        await client.PostAsync("/practice/settings?handler=Details", "/practice/settings",
            F("Details.Name", "Harbor Health"), F("Details.StateCode", "TX"), F("Details.TimeZoneId", "America/Chicago"));

        var page = await client.GetPageAsync("/audit");

        var row = page.QuerySelectorAll("#audit-entries tbody tr").First(r => r.TextContent.Contains("practice.updated", StringComparison.Ordinal));
        Assert.Contains("Practice changed", row.TextContent, StringComparison.Ordinal);
        Assert.Contains($"Name: {practice.Name} → changed to Harbor Health", NormaliseSpaces(row.TextContent), StringComparison.Ordinal);
        Assert.Contains("Practice: Harbor Health", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Test PracticeAdmin", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("CST", row.TextContent, StringComparison.Ordinal);
        var entries = await app.WithDbAsync(db => db.AuditEntries.All().CountAsync(e => e.PracticeId == practice.PracticeId));

        var verify = await client.PostAsync("/audit?handler=Verify", "/audit");

        AssertRedirect(verify, "/audit");
        var report = (await client.GetPageAsync("/audit")).Text("#audit-report");
        Assert.Contains($"The audit chain is intact: {entries} entries were checked", report, StringComparison.Ordinal);
        var recorded = Assert.Single(await app.AuditAsync(practice.PracticeId, "audit.verified"));
        Assert.Contains($"\"entries\":{entries},\"intact\":true", recorded.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verification_names_the_entry_where_the_chain_was_changed()
    {
        // PostgreSQL refuses any UPDATE of the audit log, so the edit is staged on SQLite.
        await using var app = await BeaconApp.StartAsync(DatabaseProvider.Sqlite);
        var (practice, _, client) = await app.SignedInAdminAsync();
        await client.PostAsync("/practice/settings?handler=AddSite", "/practice/settings", F("NewSiteName", "West Clinic"));
        var tampered = Assert.Single(await app.AuditAsync(practice.PracticeId, "site.created"), e => e.Changes!.Contains("West Clinic", StringComparison.Ordinal));
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE audit_entries SET changes = '{{}}' WHERE id = {tampered.Id}"));

        await client.PostAsync("/audit?handler=Verify", "/audit");

        var report = (await client.GetPageAsync("/audit")).Text("#audit-report");
        Assert.Contains($"The audit chain is broken at entry {tampered.Sequence}: its contents were changed after it was written", report, StringComparison.Ordinal);
        Assert.Contains("\"intact\":false", Assert.Single(await app.AuditAsync(practice.PracticeId, "audit.verified")).Changes, StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task Audit_log_filters_by_action_and_by_the_practice_calendar_day(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, admin, client) = await app.SignedInAdminAsync();
        var learner = await app.CreateAccountAsync(practice.PracticeId, Roles.Learner);
        await client.PostAsync($"/practice/people/{learner.UserId}?handler=Roles", $"/practice/people/{learner.UserId}", F("SelectedRoles", Roles.Auditor));
        // 05:30 UTC on March 3 is still March 2 in Chicago.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 3, 3, 5, 30, 0, TimeSpan.Zero));
        await app.SignInAsync(learner);
        app.Time.SetUtcNow(new DateTimeOffset(2026, 3, 3, 15, 0, 0, TimeSpan.Zero));
        await app.SignInAsync(learner);
        client = await app.SignInAsync(admin);

        var roles = await client.GetPageAsync("/audit?action=Role");
        var marchSecond = await client.GetPageAsync("/audit?action=sign-in&from=2026-03-02&to=2026-03-02");
        var badDates = await client.GetPageAsync("/audit?from=2026-03-05&to=2026-03-01");

        var roleRows = roles.QuerySelectorAll("#audit-entries tbody tr");
        Assert.Equal(2, roleRows.Length);
        Assert.All(roleRows, r => Assert.Contains("role.", r.TextContent, StringComparison.Ordinal));
        Assert.Contains("Account: Test Learner", roleRows[0].TextContent, StringComparison.Ordinal);
        var signIns = marchSecond.QuerySelectorAll("#audit-entries tbody tr");
        Assert.Equal(2, signIns.Length);
        Assert.Contains("Mar 2, 2026, 11:30 PM CST", signIns[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("last day is before the first day", badDates.Text("#to-error"), StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task Auditor_reads_and_verifies_the_log_but_a_learner_cannot_open_it(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var auditor = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Auditor));
        var learner = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Learner));

        Assert.Contains("Signed in", await auditor.TextAsync("/audit"), StringComparison.Ordinal);
        AssertRedirect(await auditor.PostAsync("/audit?handler=Verify", "/audit"), "/audit");
        Assert.Contains("intact", await auditor.TextAsync("/audit"), StringComparison.Ordinal);
        AssertRedirectStartsWith(await learner.GetAsync("/audit"), "/account/access-denied");
        AssertRedirectStartsWith(await learner.PostAsync("/audit?handler=Verify", "/"), "/account/access-denied");
        Assert.Single(await app.AuditAsync(practice.PracticeId, "audit.verified"));
    }

    private static string NormaliseSpaces(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
