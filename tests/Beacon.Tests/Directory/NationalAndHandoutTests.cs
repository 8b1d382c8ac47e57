using Beacon.Features.Accounts;
using Beacon.Features.ReferralDirectory;
using Beacon.Tests.Certificates;
using Beacon.Data;
using Beacon.Tests.Infrastructure;
using Beacon.Tests.LiveSessions;
using Beacon.Tests.Practices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.ReferralDirectory;

public sealed class NationalAndHandoutTests
{
    [Theory, DatabaseData]
    public async Task National_entries_are_seeded_once_and_the_provider_edits_them_audited_in_the_installation_chain(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var rows = await app.WithDbAsync(db => db.NationalResources.AsNoTracking().ToListAsync());
        var hotline = Assert.Single(rows);
        Assert.Equal(("national-hotline", "+18883737888", "233733", true, new DateOnly(2025, 12, 19), "unknown"),
            (hotline.Key, hotline.Phone, hotline.TextNumber, hotline.Open24x7, hotline.LastVerified, hotline.LawEnforcementPosture));

        var providerAdmin = await app.SignInAsync(await app.CreateAccountAsync(null, Roles.ProviderAdmin));
        var list = await providerAdmin.GetPageAsync("/provider/national-resources");
        Assert.Contains("1-888-373-7888", list.QuerySelector("tbody tr")!.TextContent, StringComparison.Ordinal);

        var url = $"/provider/national-resources/{hotline.Id}/edit";
        var bad = await ParseAsync(await providerAdmin.PostFormAsync(url, [F("Input.Phone", "373-7888"), F("Input.Text", "233733"), F("Input.LawEnforcementPosture", "unknown"), F("Input.LastVerified", "2030-01-01")]));
        Assert.Equal(2, bad.QuerySelectorAll("#error-summary li").Length);
        Assert.Equal("true", bad.QuerySelector("#Input_Phone")!.GetAttribute("aria-invalid"));

        AdminTestSupport.AssertRedirect(await providerAdmin.PostFormAsync(url,
        [
            F("Input.Phone", "1 (888) 373-7999"), F("Input.Text", "233733"), F("Input.Web", "https://humantraffickinghotline.org"),
            F("Input.Hours", "24/7"), F("Input.Open24x7", "true"), F("Input.Languages", "English and Spanish"), F("Input.Operator", "Compass Connections"),
            F("Input.Note", "Checked by phone."), F("Input.LawEnforcementPosture", "may-share"), F("Input.LastVerified", "2026-03-01"),
        ]), "/provider/national-resources");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var current = await scope.ServiceProvider.GetRequiredService<NationalResourceService>().HotlineAsync(CancellationToken.None);
            Assert.Equal(("1-888-373-7999", new DateOnly(2026, 3, 1)), (current!.Phone, current.LastVerified));
        }
        var audit = await app.WithDbAsync(db => db.AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.PracticeId == Guid.Empty && e.TargetId == hotline.Id.ToString()).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(["national-resource.created", "national-resource.updated"], audit.Select(a => a.Action));
        Assert.Contains("18883737999", audit[1].Changes, StringComparison.Ordinal);

        // Start-up seeding again (as on every start) adds nothing and keeps the provider's edit.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Beacon.Data.TenantContext>().ActAsSystem();
            var added = await NationalResourceSeeder.SeedAsync(scope.ServiceProvider.GetRequiredService<Beacon.Data.BeaconDbContext>(),
                scope.ServiceProvider.GetRequiredService<Beacon.Features.Courses.NationalResources>().All, app.Time, CancellationToken.None);
            Assert.Equal(0, added);
        }
        var after = await app.WithDbAsync(db => db.NationalResources.AsNoTracking().ToListAsync());
        Assert.Equal("+18883737999", Assert.Single(after).Phone);

        // Staff see the new details.
        var practice = await app.CreatePracticeAsync();
        var staff = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Learner));
        var page = await staff.GetPageAsync("/toolkit/directory");
        Assert.Equal("tel:+18883737999", page.QuerySelector("li.card a[data-kind=call]")!.GetAttribute("href"));
        Assert.DoesNotContain("Not confirmed", page.QuerySelector("li.card")!.TextContent, StringComparison.Ordinal);
        // The response protocol's hotline placeholders follow the provider's edit too.
        var protocol = (await staff.GetPageAsync("/toolkit/protocol")).QuerySelector("main")!.TextContent;
        Assert.Contains("1-888-373-7999", protocol, StringComparison.Ordinal);
        Assert.DoesNotContain("1-888-373-7888", protocol, StringComparison.Ordinal);
        // So do the course's lessons ({{hotline.phone}} in module 4).
        var (_, _, learner) = await app.SignedInLearnerAsync(practice, 0);
        var lesson = (await learner.GetPageAsync("/learn/modules/responding/print")).QuerySelector("main")!.TextContent;
        Assert.Contains("Phone: 1-888-373-7999", lesson, StringComparison.Ordinal);
        Assert.DoesNotContain("1-888-373-7888", lesson, StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task The_patient_card_prints_both_languages_the_hotline_from_the_database_and_only_the_chosen_local_line(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, admin) = await app.SignedInAdminAsync();
        AdminTestSupport.AssertRedirect(await admin.AddEntryAsync("Safe Harbor Shelter", F("phone", "512-555-0142"), F("textNumber", "512-555-0143"),
            F("onPatientCard", "yes"), F("patientCardLabel", "Women's center")), "/practice/directory");
        AdminTestSupport.AssertRedirect(await admin.AddEntryAsync("County Legal Aid", F("phone", "512-555-0177")), "/practice/directory");
        // The hotline's number as the provider keeps it, not as national.yaml has it.
        await app.WithDbAsync(db => db.NationalResources.ExecuteUpdateAsync(s => s.SetProperty(r => r.Phone, "+18883737999")));

        var staff = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Learner));
        var page = await staff.GetPageAsync("/toolkit/handout");
        Assert.Contains("Offer the card only if the patient says it is safe to carry", page.Body!.TextContent, StringComparison.Ordinal);

        var response = await staff.GetAsync("/toolkit/handout/card?lang=both");
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var text = await PdfTools.TextAsync(await response.Content.ReadAsByteArrayAsync());
        foreach (var expected in new[]
        {
            "Important numbers", "Números importantes", "You deserve to be safe", "Usted merece estar a salvo",
            "Help line", "Línea de ayuda", "Call 1-888-373-7999", "Llame 1-888-373-7999", "Text 233733", "Mensaje de texto 233733",
            "Women's center", "Call 1-512-555-0142", "Text 1-512-555-0143", practice.Name,
        })
        {
            Assert.True(text.Contains(expected, StringComparison.Ordinal), $"the card lacks “{expected}”:\n{text}");
        }
        Assert.DoesNotContain("555-0177", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Legal Aid", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Safe Harbor", text, StringComparison.Ordinal);
        foreach (var word in new[] { "traffick", "trata", "abuse", "abuso" })
        {
            Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        }

        var spanish = await PdfTools.TextAsync(await (await staff.GetAsync("/toolkit/handout/card?lang=es")).Content.ReadAsByteArrayAsync());
        Assert.Contains("Números importantes", spanish, StringComparison.Ordinal);
        Assert.DoesNotContain("Important numbers", spanish, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await staff.GetAsync("/toolkit/handout/card?lang=fr")).StatusCode);
    }

    [Theory, DatabaseData]
    public async Task A_third_line_on_the_card_is_refused(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, admin) = await app.SignedInAdminAsync();
        AdminTestSupport.AssertRedirect(await admin.AddEntryAsync("First", F("onPatientCard", "yes"), F("patientCardLabel", "Health line")), "/practice/directory");
        AdminTestSupport.AssertRedirect(await admin.AddEntryAsync("Second", F("onPatientCard", "yes"), F("patientCardLabel", "Legal help")), "/practice/directory");
        var third = await ParseAsync(await admin.AddEntryAsync("Third", F("onPatientCard", "yes"), F("patientCardLabel", "Support")));
        Assert.Contains("already prints First and Second", third.QuerySelector("#error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDbAsync(db => db.DirectoryEntries.CountAsync(), practice.PracticeId));
    }
}
