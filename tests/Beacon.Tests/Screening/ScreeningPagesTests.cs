using System.Net;
using AngleSharp.Dom;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Screening;
using Beacon.Tests.Infrastructure;
using Beacon.Tests.Practices;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;
using static Beacon.Tests.Screening.InstrumentFixtures;

namespace Beacon.Tests.Screening;

public sealed class ScreeningPagesTests
{
    private const string Guide = "hhs-indicator-conversation-guide";

    private static async Task<(PracticeSeed Practice, HttpClient Staff, HttpClient Admin)> PracticeAsync(BeaconApp app)
    {
        var practice = await app.CreatePracticeAsync();
        var staff = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Learner));
        var admin = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin, Roles.Learner));
        return (practice, staff, admin);
    }

    /// <summary>Answers that reach the lowest score of each band (the sum of points equals the count for the counting rules).</summary>
    private static IEnumerable<(ResultBand Band, List<(string Item, string Answer)> Answers)> AnswersForEachBand(InstrumentDefinition instrument)
    {
        foreach (var band in instrument.Bands)
        {
            var answers = new List<(string, string)>();
            decimal remaining = band.From;
            foreach (var item in instrument.Items)
            {
                var pick = item.Answers.Where(a => a.Points <= remaining).MaxBy(a => a.Points)!;
                remaining -= pick.Points;
                answers.Add((item.Id, pick.Id));
            }
            Assert.True(remaining == 0, $"no answer set found for band {band.Id} of {instrument.Id}");
            yield return (band, answers);
        }
    }

    private static void AssertIsResultPage(IDocument page, ResultBand band)
    {
        Assert.Equal(band.Label, page.Text("#result-label"));
        Assert.Equal(band.Meaning, page.Text("#result-meaning"));
        Assert.Equal(band.DoesNotMean, page.Text("#result-does-not-mean"));
        Assert.NotNull(page.QuerySelector($"a[href='/toolkit/protocol#{band.NextStep.ProtocolSection}']"));
        Assert.NotNull(page.QuerySelector("a[href='/toolkit/protocol']"));
        // No result labels a patient: not the heading, the meaning, nor the page title.
        foreach (var text in new[] { page.Title ?? "", page.Text("h1"), page.Text("#result-label"), page.Text("#result-meaning") })
        {
            foreach (var word in InstrumentLoader.LabellingWords)
            {
                Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Theory, DatabaseData]
    public async Task Staff_see_the_offered_guides_and_cards_run_the_guide_and_nothing_is_stored(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (_, staff, _) = await PracticeAsync(app);

        var index = await staff.GetPageAsync("/toolkit/screening");
        Assert.NotNull(index.QuerySelector($"a[href='/toolkit/screening/{Guide}']"));
        foreach (var card in new[] { "raft", "child-sex-trafficking-6-item", "qyit" })
        {
            var section = index.QuerySelector($"#card-{card}")!.ParentElement!;
            Assert.Contains("Population", section.TextContent, StringComparison.Ordinal);
            Assert.Contains("Accuracy", section.TextContent, StringComparison.Ordinal);
            Assert.Contains("Licence unconfirmed", section.TextContent, StringComparison.Ordinal);
            Assert.Null(index.QuerySelector($"a[href='/toolkit/screening/{card}'].btn"));
        }
        var form = await staff.GetPageAsync($"/toolkit/screening/{Guide}");
        Assert.Contains("not a validated instrument", form.QuerySelector("[data-validation-label]")!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(8, form.QuerySelectorAll("form.screening-form fieldset").Length);
        Assert.All(form.QuerySelectorAll("form.screening-form input[type=radio]"), radio => Assert.NotNull(form.QuerySelector($"label[for='{radio.Id}']")));

        var before = await RowCountsAsync(app);
        var guide = Shipped(Guide);
        foreach (var (band, answers) in AnswersForEachBand(guide))
        {
            var response = await staff.AnswerAsync(Guide, answers);
            Assert.True(response.Headers.CacheControl?.NoStore);
            AssertIsResultPage(await ParseAsync(response), band);
        }
        Assert.Equal(before, await RowCountsAsync(app));

        // The tally is off by default: nothing can be recorded.
        var tally = await staff.PostFormAsync($"/toolkit/screening/{Guide}?handler=tally", [F("band", "concern-raised"), F("actions", "followed-protocol")], tokenPage: $"/toolkit/screening/{Guide}");
        Assert.Equal(HttpStatusCode.NotFound, tally.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.ScreeningTallies.All().CountAsync()));
    }

    [Theory, DatabaseData]
    public async Task Unanswered_questions_are_counted_and_invalid_answers_refused(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (_, staff, _) = await PracticeAsync(app);

        var page = await staff.ResultAsync(Guide, [("threats", "yes")]);
        Assert.Equal("Concern raised: follow the protocol", page.Text("#result-label"));
        Assert.Contains("7 of 8 questions were not answered", page.Body!.TextContent, StringComparison.Ordinal);

        var refused = await staff.AnswerAsync(Guide, [("threats", "definitely"), ("pay", "no")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await ParseAsync(refused);
        Assert.Contains("Question 3: choose one of its answers", error.Text("#error-summary"), StringComparison.Ordinal);
        Assert.Null(error.QuerySelector("#result-label"));
        // The valid answer is kept checked; the invalid one is not echoed.
        Assert.NotNull(error.QuerySelector("input#pay-no[checked]"));
        Assert.DoesNotContain("definitely", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/toolkit/screening/no-such-screen")).StatusCode);
        // A card without items shows its facts, and cannot be answered.
        var card = await staff.GetPageAsync("/toolkit/screening/raft");
        Assert.Null(card.QuerySelector("form.screening-form"));
        Assert.Contains("Rapid Appraisal for Trafficking", card.Text("h1"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.AnswerAsync("raft", [])).StatusCode);
    }

    [Theory, DatabaseData]
    public async Task An_imported_file_with_errors_is_refused_with_its_lines_and_stores_nothing(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var providerAdmin = await app.SignInAsync(await app.CreateAccountAsync(null, Roles.ProviderAdmin));
        var text = ImportableExample().Replace("    to: 5\n", "    to: 6\n", StringComparison.Ordinal).Replace("label: \"Example answer B\"", "labels: \"Example answer B\"", StringComparison.Ordinal);

        var response = await providerAdmin.UploadInstrumentAsync("weighted-import.yaml", text);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await ParseAsync(response);
        var rows = page.QuerySelectorAll("#import-problems tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Contains(rows, r => r[0] == "weighted-import.yaml" && r[1] == Line(text, "labels:") && r[2].StartsWith("items[1].answers[2].labels: unknown field", StringComparison.Ordinal));
        Assert.Contains(rows, r => r[0] == "weighted-import.yaml" && r[1] == Line(text, "id: sometimes") && r[2] == "items[1].answers[2].label: missing");
        Assert.Contains(rows, r => r[1] == Line(text, "- id: example-high") && r[2].StartsWith("bands[3].from: is 6: overlaps band 'example-middle'", StringComparison.Ordinal));
        Assert.Null(page.QuerySelector("form[action='/provider/instruments?handler=apply']"));

        Assert.Equal(0, await app.WithDbAsync(db => db.ImportedInstruments.CountAsync()));
        Assert.Empty(await app.AuditAsync(Guid.Empty, "instrument.imported"));

        // A crafted apply (skipping the preview) is checked again and refused the same way.
        var token = await providerAdmin.GetAntiforgeryTokenAsync("/provider/instruments");
        var crafted = await providerAdmin.PostFormWithTokenAsync("/provider/instruments?handler=apply", [F("content", text), F("fileName", "x.yaml"), F("licenceNote", "n")], token);
        Assert.Equal(HttpStatusCode.BadRequest, crafted.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.ImportedInstruments.CountAsync()));
    }

    [Theory, DatabaseData]
    public async Task A_valid_import_is_offered_by_a_practice_then_run_and_scored_and_can_be_retired(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var providerAdmin = await app.SignInAsync(await app.CreateAccountAsync(null, Roles.ProviderAdmin));
        var (_, staff, admin) = await PracticeAsync(app);
        const string id = "licensed-weighted-example";

        await providerAdmin.ImportInstrumentAsync("weighted.yaml", ImportableExample(id));
        var stored = await app.WithDbAsync(db => db.ImportedInstruments.SingleAsync());
        Assert.Equal((id, "1.0.0", "Licence agreement 42 with the holder, 2026 to 2028"), (stored.InstrumentId, stored.Version, stored.LicenceNote));
        var entry = Assert.Single(await app.AuditAsync(Guid.Empty, "instrument.imported"));
        Assert.Contains("Licence agreement 42", entry.Changes!, StringComparison.Ordinal);
        Assert.NotNull(entry.ActorUserId);

        // Not offered until the practice chooses it.
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/toolkit/screening/{id}")).StatusCode);
        var settings = await admin.GetPageAsync("/practice/toolkit");
        Assert.NotNull(settings.QuerySelector($"input#offer-{id}:not([checked])"));
        Assert.NotNull(settings.QuerySelector($"input#offer-{Guide}[checked]"));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SaveToolkitSettingsAsync([Guide, id, "raft"], tally: false)).StatusCode);
        Assert.Single(await app.AuditAsync((await app.WithDbAsync(db => db.Practices.SingleAsync())).Id, "toolkit-settings.created"));

        var index = await staff.GetPageAsync("/toolkit/screening");
        Assert.NotNull(index.QuerySelector($"a[href='/toolkit/screening/{id}']"));
        Assert.Null(index.QuerySelector("#card-qyit"));
        var imported = Example() with { Id = id };
        foreach (var (band, answers) in AnswersForEachBand(imported))
        {
            AssertIsResultPage(await staff.ResultAsync(id, answers), band);
        }
        var high = await staff.ResultAsync(id, [("example-item-1", "often"), ("example-item-2", "yes"), ("example-item-3", "high")]);
        Assert.Equal("Example band: high", high.Text("#result-label"));
        Assert.Contains("Score 9 of 9", high.Body!.TextContent, StringComparison.Ordinal);

        // The same version again is refused; retiring takes it away from staff.
        var again = await providerAdmin.UploadInstrumentAsync("weighted.yaml", ImportableExample(id));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("was imported before", (await ParseAsync(again)).Text("#import-problems"), StringComparison.Ordinal);
        var token = await providerAdmin.GetAntiforgeryTokenAsync("/provider/instruments");
        Assert.Equal(HttpStatusCode.Redirect, (await providerAdmin.PostFormWithTokenAsync("/provider/instruments?handler=retire", [F("id", stored.Id.ToString())], token)).StatusCode);
        Assert.Single(await app.AuditAsync(Guid.Empty, "instrument.retired"));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/toolkit/screening/{id}")).StatusCode);
    }

    [Theory, DatabaseData]
    public async Task An_item_file_for_a_card_makes_the_card_runnable_with_its_published_bands(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var providerAdmin = await app.SignInAsync(await app.CreateAccountAsync(null, Roles.ProviderAdmin));
        var (_, staff, _) = await PracticeAsync(app);

        await providerAdmin.ImportInstrumentAsync("raft-items.yaml", RaftItems());
        var form = await staff.GetPageAsync("/toolkit/screening/raft");
        Assert.Equal(4, form.QuerySelectorAll("form.screening-form fieldset").Length);
        var card = Shipped("raft");
        var positive = await staff.ResultAsync("raft", [("fictional-item-1", "no"), ("fictional-item-2", "yes")]);
        AssertIsResultPage(positive, card.Bands.Single(b => b.Id == "positive"));
        AssertIsResultPage(await staff.ResultAsync("raft", [("fictional-item-1", "no")]), card.Bands.Single(b => b.Id == "negative"));
    }

    [Theory, DatabaseData]
    public async Task The_anonymous_tally_keeps_only_day_site_instrument_band_and_actions(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, staff, admin) = await PracticeAsync(app);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SaveToolkitSettingsAsync([Guide], tally: true)).StatusCode);

        var result = await staff.ResultAsync(Guide, [("pay", "yes")]);
        var tallyForm = result.QuerySelector($"form[action='/toolkit/screening/{Guide}?handler=tally']")!;
        Assert.Equal("concern-raised", tallyForm.QuerySelector("input[name=band]")!.GetAttribute("value"));
        Assert.Equal(TallyActions.All.Count, tallyForm.QuerySelectorAll("input[name=actions]").Length);
        Assert.Null(tallyForm.QuerySelector("textarea, input[type=text]"));
        Assert.NotNull(tallyForm.QuerySelector("input[name=__RequestVerificationToken]"));

        // 23:30 in Chicago on March 2 is March 3 in UTC: the tally keeps the practice's day.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 3, 3, 5, 30, 0, TimeSpan.Zero));
        staff = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Learner));
        admin = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin));
        var site = practice.SiteIds[1];
        var recorded = await staff.PostFormAsync($"/toolkit/screening/{Guide}?handler=tally",
            [F("band", "concern-raised"), F("site", site.ToString()), F("actions", "followed-protocol"), F("actions", "gave-hotline")], tokenPage: $"/toolkit/screening/{Guide}");
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var row = await app.WithDbAsync(db => db.ScreeningTallies.All().SingleAsync());
        Assert.Equal((practice.PracticeId, new DateOnly(2026, 3, 2), (Guid?)site, Guide, "concern-raised", "followed-protocol,gave-hotline"),
            (row.PracticeId, row.Day, row.SiteId, row.InstrumentId, row.BandId, row.Actions));
        // The table has nothing else to hold.
        var columns = await app.WithDbAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(ScreeningTally))!.GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal).ToList()));
        Assert.Equal(["Actions", "BandId", "Day", "Id", "InstrumentId", "PracticeId", "SiteId"], columns);

        // Unknown actions, bands and sites are refused, and store nothing.
        var bad = await staff.PostFormAsync($"/toolkit/screening/{Guide}?handler=tally", [F("band", "concern-raised"), F("actions", "wrote a note about the patient")], tokenPage: $"/toolkit/screening/{Guide}");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostFormAsync($"/toolkit/screening/{Guide}?handler=tally", [F("band", "made-up"), F("actions", "gave-hotline")], tokenPage: $"/toolkit/screening/{Guide}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostFormAsync($"/toolkit/screening/{Guide}?handler=tally", [F("band", "concern-raised"), F("site", Guid.NewGuid().ToString()), F("actions", "gave-hotline")], tokenPage: $"/toolkit/screening/{Guide}")).StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.ScreeningTallies.All().CountAsync()));

        var report = await admin.GetPageAsync("/practice/toolkit/tally");
        Assert.Equal("2026-03 March|Conversation guide|Concern raised: follow the protocol|1", string.Join("|", report.QuerySelectorAll("#tally-bands tbody td").Select(c => c.TextContent.Trim())));
        Assert.Equal("2026-03 March|Followed the protocol|1|2026-03 March|Gave hotline information|1", string.Join("|", report.QuerySelectorAll("#tally-actions tbody td").Select(c => c.TextContent.Trim())));
    }

    [Theory, DatabaseData]
    public async Task Each_page_belongs_to_its_role(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (_, staff, admin) = await PracticeAsync(app);
        foreach (var url in new[] { "/practice/toolkit", "/practice/toolkit/tally", "/provider/instruments" })
        {
            var response = await staff.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("access-denied", StringComparison.Ordinal), url);
        }
        var denied = await admin.GetAsync("/provider/instruments");
        Assert.Contains("access-denied", denied.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        var providerAdmin = await app.SignInAsync(await app.CreateAccountAsync(null, Roles.ProviderAdmin));
        Assert.NotEqual(HttpStatusCode.OK, (await providerAdmin.GetAsync("/toolkit/screening")).StatusCode);
    }

    private static string Line(string text, string fragment) => LineOf(text, fragment).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Task<string> RowCountsAsync(BeaconApp app) => app.WithDbAsync(async db =>
        string.Join(",", await db.ScreeningTallies.All().CountAsync(), await db.AuditEntries.All().CountAsync(), await db.OutboxMessages.All().CountAsync(),
            await db.PracticeToolkitSettings.All().CountAsync(), await db.ImportedInstruments.CountAsync()));
}
