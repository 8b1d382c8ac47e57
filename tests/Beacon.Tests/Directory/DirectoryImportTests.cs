using System.Text;
using Beacon.Data;
using Beacon.Tests.Infrastructure;
using Beacon.Tests.Practices;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.ReferralDirectory;

public sealed class DirectoryImportTests
{
    private static readonly string[] GoodFile =
    [
        DirectoryDriver.MinimalHeader,
        "Safe Harbor Shelter,shelter-housing; anti-trafficking-services,Travis County,consent-based,2026-02-01,Office manager,512-555-0142,,en; es,yes,Women's center",
        "Legal Aid of Central Texas,legal-services,Central Texas,unknown,1/15/2026,Office manager,(512) 555-0100,,en,no,",
        "\"Crisis Text, Inc.\",mental-health,National,may-share,2026-01-20,Dr. Ruiz,,741741,en,no,",
    ];

    [Theory, DatabaseData]
    public async Task A_good_file_previews_then_applies_in_one_go_and_the_same_file_again_writes_nothing(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, admin) = await app.SignedInAdminAsync();
        var file = DirectoryDriver.Csv(GoodFile);

        var preview = await ParseAsync(await admin.PreviewImportAsync(file));
        Assert.Equal(["3 to add", "0 to update", "0 to retire", "0 unchanged", "0 problems"], preview.QuerySelectorAll("#preview-counts li").Select(li => li.TextContent.Trim()));
        Assert.Equal(0, await app.WithDbAsync(db => db.DirectoryEntries.CountAsync(), practice.PracticeId));

        AdminTestSupport.AssertRedirect(await admin.ImportAsync(file), "/practice/directory");
        var entries = await app.WithDbAsync(db => db.DirectoryEntries.AsNoTracking().OrderBy(e => e.Name).ToListAsync(), practice.PracticeId);
        Assert.Equal(["Crisis Text, Inc.", "Legal Aid of Central Texas", "Safe Harbor Shelter"], entries.Select(e => e.Name));
        Assert.Equal("741741", entries[0].TextNumber);
        Assert.Equal(new DateOnly(2026, 1, 15), entries[1].LastVerified);
        Assert.True(entries[2].OnPatientCard);
        var audit = await app.WithDbAsync(db => db.AuditEntries.CountAsync(), practice.PracticeId);

        // The same file again: matched by name, every field equal, nothing to apply.
        var again = await ParseAsync(await admin.PreviewImportAsync(file));
        Assert.Equal("3 unchanged", again.QuerySelectorAll("#preview-counts li")[3].TextContent.Trim());
        Assert.NotNull(again.QuerySelector("#nothing-to-change"));
        Assert.Null(again.QuerySelector("form[action*='handler=Apply']"));
        Assert.Equal(audit, await app.WithDbAsync(db => db.AuditEntries.CountAsync(), practice.PracticeId));

        // A changed cell updates that entry only.
        var changed = (string[])GoodFile.Clone();
        changed[2] = changed[2].Replace("(512) 555-0100", "512-555-0111", StringComparison.Ordinal);
        var update = await ParseAsync(await admin.PreviewImportAsync(DirectoryDriver.Csv(changed)));
        Assert.Equal("1 to update", update.QuerySelectorAll("#preview-counts li")[1].TextContent.Trim());
        Assert.Contains("Phone", update.QuerySelector("#changes tbody")!.TextContent, StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task Export_is_formula_safe_and_imports_again_as_zero_changes(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, admin) = await app.SignedInAdminAsync();
        AdminTestSupport.AssertRedirect(await admin.ImportAsync(DirectoryDriver.Csv(GoodFile)), "/practice/directory");
        var id = await app.WithDbAsync(db => db.DirectoryEntries.Where(e => e.Name == "Safe Harbor Shelter").Select(e => e.Id).SingleAsync(), practice.PracticeId);
        // Values a spreadsheet would run, typed into the form, multi-line text and a quote.
        AdminTestSupport.AssertRedirect(await admin.PostFormAsync($"/practice/directory/{id}/edit", DirectoryDriver.EntryForm("Safe Harbor Shelter",
            F("notes", "=HYPERLINK(\"http://evil.example\")\nsecond line"), F("description", "@risk, \"quoted\""), F("hours", "-24 hours-"),
            F("onPatientCard", "yes"), F("patientCardLabel", "Women's center"), F("mou", "yes"), F("mouDate", "2025-06-01"), F("ageMin", "18"))), "/practice/directory");

        var response = await admin.GetAsync("/practice/directory/export");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("\uFEFFentry_id,name,categories,services,", text, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\nsecond line\"", text, StringComparison.Ordinal);
        Assert.Contains("\"'@risk, \"\"quoted\"\"\"", text, StringComparison.Ordinal);
        Assert.Contains("\"'+15125550142\"", text, StringComparison.Ordinal);
        foreach (var line in text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            foreach (var cell in line.Split(','))
            {
                Assert.False(cell.Length > 0 && "=+-@".Contains(cell[0], StringComparison.Ordinal), $"an unguarded cell: {cell}");
            }
        }

        var preview = await ParseAsync(await admin.PreviewImportAsync(bytes));
        Assert.Equal(["0 to add", "0 to update", "0 to retire", "3 unchanged", "0 problems"], preview.QuerySelectorAll("#preview-counts li").Select(li => li.TextContent.Trim()));
    }

    [Theory, DatabaseData]
    public async Task Bad_rows_are_listed_with_line_column_and_reason_and_nothing_is_written(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, admin) = await app.SignedInAdminAsync();
        var file = DirectoryDriver.Csv(
            DirectoryDriver.MinimalHeader,
            "Good Partner,legal-services,Travis County,consent-based,2026-02-01,Office manager,512-555-0142,,en,no,",
            "=cmd|' /C calc'!A0,legal-services,Travis County,consent-based,2026-02-01,Office manager,512-555-0142,,en,no,",
            "No Contact,legal-services,Travis County,consent-based,2026-02-01,Office manager,,,en,no,",
            "Bad Values,astrology,Travis County,sometimes,2026-13-01,Office manager,555-0100,12,x y,maybe,",
            "Good Partner,legal-services,Travis County,consent-based,2026-02-01,Office manager,512-555-0143,,en,no,",
            "Card Partner,legal-services,Travis County,consent-based,2026-02-01,Office manager,512-555-0144,,en,yes,Abuse line");
        var page = await ParseAsync(await admin.PreviewImportAsync(file));
        var issues = page.QuerySelectorAll("#issues tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        void Has(string line, string column, string reason) =>
            Assert.True(issues.Any(i => i[0] == line && i[1] == column && i[2].Contains(reason, StringComparison.Ordinal)),
                $"expected line {line} {column}: {reason}; got\n" + string.Join("\n", issues.Select(i => string.Join(" | ", i))));
        Has("3", "name", "a spreadsheet would run it as a formula");
        Has("4", "phone", "at least one way to reach");
        Has("5", "categories", "“astrology” is not one of the allowed values");
        Has("5", "law_enforcement_posture", "“sometimes” is not one of");
        Has("5", "last_verified", "is not a date");
        Has("5", "phone", "has 7 digits");
        Has("5", "text", "has 2 digits");
        Has("5", "languages", "“x y” is not a language tag");
        Has("5", "on_patient_card", "“maybe” is not yes or no");
        Has("6", "name", "Line 2 has the same name");
        Has("7", "patient_card_label", "“abuse” must not appear on the card");
        Assert.NotNull(page.QuerySelector("#import-errors"));
        Assert.Null(page.QuerySelector("form[action*='handler=Apply']"));
        Assert.Equal(0, await app.WithDbAsync(db => db.DirectoryEntries.CountAsync(), practice.PracticeId));
    }

    [Theory, DatabaseData]
    public async Task Files_that_are_not_directory_csv_are_refused_with_the_reason(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, admin) = await app.SignedInAdminAsync();

        async Task<string> RefusalAsync(byte[] file)
        {
            var page = await ParseAsync(await admin.PreviewImportAsync(file));
            Assert.Null(page.QuerySelector("#preview-counts"));
            return page.QuerySelector("#error-summary")!.TextContent;
        }
        Assert.Contains("binary data", await RefusalAsync([0x01, 0x02, 0x00, 0x00, 0x41, 0x42, 0x00, 0x43, 0x44, 0x45]), StringComparison.Ordinal);
        Assert.Contains("Excel workbook", await RefusalAsync([.. "PK\x03\x04"u8, .. new byte[64]]), StringComparison.Ordinal);
        Assert.Contains("“favourite_colour”", await RefusalAsync(DirectoryDriver.Csv(DirectoryDriver.MinimalHeader + ",favourite_colour", "x")), StringComparison.Ordinal);
        Assert.Contains("lacks required columns: categories, service_area", await RefusalAsync(DirectoryDriver.Csv("name,phone", "A,512-555-0100")), StringComparison.Ordinal);
        Assert.Contains("semicolons", await RefusalAsync(DirectoryDriver.Csv("name;categories;phone", "A;b;c")), StringComparison.Ordinal);
        Assert.Contains("up to 2 MB", await RefusalAsync(DirectoryDriver.Csv([DirectoryDriver.MinimalHeader, .. Enumerable.Repeat(new string('a', 1000), 2200)])), StringComparison.Ordinal);
        Assert.Contains("more than 2,000 entries", await RefusalAsync(DirectoryDriver.Csv([DirectoryDriver.MinimalHeader, .. Enumerable.Range(0, 2001).Select(i => $"P{i},legal-services,X,unknown,2026-01-01,A,512-555-0100,,,,")])), StringComparison.Ordinal);
        Assert.Contains("has 2 cells but the header has 11", await RefusalAsync(DirectoryDriver.Csv(DirectoryDriver.MinimalHeader, "a,b")), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.DirectoryEntries.CountAsync(), practice.PracticeId));
    }

    [Theory, DatabaseData]
    public async Task Apply_refuses_when_the_directory_changed_after_the_preview(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, admin) = await app.SignedInAdminAsync();
        var file = DirectoryDriver.Csv(GoodFile);
        var preview = await ParseAsync(await admin.PreviewImportAsync(file));
        var apply = preview.QuerySelector("form[action*='handler=Apply']")!;
        var fields = apply.QuerySelectorAll("input[type=hidden]").Select(i => F(i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToList();

        AdminTestSupport.AssertRedirect(await admin.AddEntryAsync("Safe Harbor Shelter"), "/practice/directory");
        var response = await admin.PostAsync(apply.GetAttribute("action"), new FormUrlEncodedContent(fields));
        app.AssertOk(response);
        var page = await ParseAsync(response);
        Assert.Contains("changed since your preview", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.DirectoryEntries.CountAsync(), practice.PracticeId));
    }
}
