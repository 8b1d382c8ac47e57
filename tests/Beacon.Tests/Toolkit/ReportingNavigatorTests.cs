using System.Net;
using Beacon.Data;
using Beacon.Features.Toolkit;
using Beacon.Tests.Infrastructure;
using Beacon.Tests.LiveSessions;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Toolkit;

/// <summary>The navigator's rules over the shipped content: every age band, situation and catalogue state.</summary>
public sealed class ReportingNavigatorTests
{
    private static readonly ReportingGuide Guide = ToolkitLoader.Load(Path.Combine(AppContext.BaseDirectory, "content")).Content!.Reporting;

    private static List<string> Rules(int age, string? state, params string[] situations) =>
        [.. ReportingNavigator.Evaluate(Guide, new ReportingQuestion(age, state, situations.ToHashSet())).Items.Select(i => i.RuleId)];

    private static List<string> Duties(int age, string? state, params string[] situations) =>
        [.. ReportingNavigator.Evaluate(Guide, new ReportingQuestion(age, state, situations.ToHashSet())).Of(ReportingKind.Duty).Select(i => i.RuleId)];

    [Theory]
    [InlineData("TX", "tx-child")]
    [InlineData("FL", "fl-child")]
    [InlineData("MI", "mi-child")]
    [InlineData("CA", "ca-child")]
    [InlineData(null, "other-state-child")]
    public void A_minor_brings_the_states_child_abuse_duty_and_the_hipaa_permission_to_report_it(string? state, string duty)
    {
        Assert.Equal([duty], Duties(15, state));
        var rules = Rules(15, state);
        Assert.Contains("hipaa-b", rules);
        Assert.Contains("capta-sex-trafficking", rules);
        Assert.DoesNotContain("hipaa-c", rules);
        Assert.DoesNotContain("adult-decides", rules);
        var answer = ReportingNavigator.Evaluate(Guide, new ReportingQuestion(15, state, new HashSet<string>()));
        Assert.True(answer.Minor);
        Assert.All(answer.Items, i => Assert.False(string.IsNullOrEmpty(i.Citation?.Url), $"{i.RuleId} has no citation"));
    }

    [Theory]
    [InlineData("TX")]
    [InlineData("FL")]
    [InlineData("MI")]
    [InlineData("CA")]
    [InlineData(null)]
    public void An_adult_with_no_situation_has_no_duty_and_decides_about_law_enforcement(string? state)
    {
        Assert.Empty(Duties(40, state));
        Assert.Equal(["adult-decides", "hipaa-c", "dependent-adult"], Rules(40, state));
    }

    [Fact]
    public void Age_18_is_an_adult_and_17_a_minor_and_young_adults_get_the_capta_note_until_24()
    {
        Assert.Contains("tx-child", Rules(17, "TX"));
        Assert.DoesNotContain("tx-child", Rules(18, "TX"));
        Assert.DoesNotContain("capta-up-to-24", Rules(17, "TX"));
        Assert.Contains("capta-up-to-24", Rules(18, "TX"));
        Assert.Contains("capta-up-to-24", Rules(24, "TX"));
        Assert.DoesNotContain("capta-up-to-24", Rules(25, "TX"));
        Assert.Contains("tx-child", Rules(0, "TX"));
    }

    [Fact]
    public void An_injury_from_assaultive_conduct_is_a_duty_in_california_only_for_adults_and_minors_alike()
    {
        Assert.Equal(["ca-injury"], Duties(40, "CA", "assaultive-injury"));
        Assert.Equal(["ca-child", "ca-injury"], Duties(15, "CA", "assaultive-injury"));
        var ca = Rules(40, "CA", "assaultive-injury");
        Assert.Contains("hipaa-a", ca);
        Assert.Contains("ca-injury-bills", ca);
        Assert.DoesNotContain("other-injury", ca);
        foreach (var state in new[] { "TX", "FL", "MI", null })
        {
            Assert.Empty(Duties(40, state, "assaultive-injury"));
            var rules = Rules(40, state, "assaultive-injury");
            Assert.Contains("other-injury", rules);
            Assert.DoesNotContain("hipaa-a", rules);
        }
        var bills = ReportingNavigator.Evaluate(Guide, new ReportingQuestion(40, "CA", new HashSet<string> { "assaultive-injury" })).Items.Single(i => i.RuleId == "ca-injury-bills");
        Assert.False(bills.Confirmed);
        Assert.Contains("AB 3127", bills.Unconfirmed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(12)]
    public void Imminent_danger_adds_the_serious_threat_permission(int age)
    {
        Assert.Contains("hipaa-j", Rules(age, "TX", "imminent-danger"));
        Assert.DoesNotContain("hipaa-j", Rules(age, "TX"));
    }

    [Fact]
    public void A_patient_who_wants_a_report_adds_the_law_enforcement_permission_and_for_adults_the_agreement_note()
    {
        Assert.Contains("hipaa-f", Rules(30, "FL", "patient-wants-report"));
        Assert.Contains("wants-report-adult", Rules(30, "FL", "patient-wants-report"));
        Assert.Contains("hipaa-f", Rules(16, "FL", "patient-wants-report"));
        Assert.DoesNotContain("wants-report-adult", Rules(16, "FL", "patient-wants-report"));
        Assert.DoesNotContain("hipaa-f", Rules(30, "FL"));
        var all = Rules(30, "CA", "assaultive-injury", "imminent-danger", "patient-wants-report");
        Assert.Superset(new HashSet<string> { "ca-injury", "hipaa-a", "hipaa-c", "hipaa-f", "hipaa-j" }, all.ToHashSet());
    }

    [Theory, DatabaseData]
    public async Task The_page_defaults_to_the_practice_state_answers_a_post_and_stores_and_logs_nothing(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var (_, _, client) = await app.SignedInLearnerAsync(practice, 0);
        var before = await app.WithDbAsync(async db => await db.AuditEntries.All().CountAsync() + await db.OutboxMessages.All().CountAsync());

        var form = await client.GetPageAsync("/toolkit/reporting");
        Assert.Equal("TX", form.QuerySelector("#State option[selected]")!.GetAttribute("value"));
        Assert.Contains("Not legal advice", form.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("post", form.QuerySelector("form.reporting-form")!.GetAttribute("method"));

        var missing = await ParseAsync(await client.PostFormAsync("/toolkit/reporting", [F("Age", ""), F("State", "TX")]));
        Assert.Equal("Enter the patient's age in years.", missing.Text("#error-summary li"));
        var bad = await ParseAsync(await client.PostFormAsync("/toolkit/reporting", [F("Age", "-3"), F("State", "ZZ")]));
        Assert.Equal(["Enter the age as a whole number of years, from 0 to 120.", "Choose a state from the list, or \"Another state\"."], bad.QuerySelectorAll("#error-summary li").Select(li => li.TextContent.Trim()));

        const string canary = "4711";
        var response = await client.PostFormAsync("/toolkit/reporting", [F("Age", "15"), F("State", "CA"), F("Situations", "assaultive-injury"), F("Situations", "imminent-danger")]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await ParseAsync(response);
        Assert.Equal("For a patient aged 15 (a minor) in California", answer.Text("#answer-heading"));
        var duties = answer.QuerySelectorAll("article.reporting-duty h4").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["Report suspected abuse or neglect of a child", "Report injuries from assaultive or abusive conduct to law enforcement"], duties);
        Assert.Contains("Cal. Penal Code § 11160", answer.QuerySelector("article.reporting-duty:nth-of-type(2)")?.TextContent ?? answer.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("45 CFR 164.512(j)", answer.Text("#answer"), StringComparison.Ordinal);
        Assert.Contains("45 CFR 164.512(b)", answer.Text("#answer"), StringComparison.Ordinal);
        Assert.Contains("Not fully confirmed: The outcome of AB 3127 (2024) is not confirmed.", answer.Text("#answer"), StringComparison.Ordinal);
        Assert.True(answer.QuerySelector("#State option[value=CA]")!.HasAttribute("selected"));
        Assert.True(answer.QuerySelector("#situation-imminent-danger")!.HasAttribute("checked"));

        var other = await ParseAsync(await client.PostFormAsync("/toolkit/reporting", [F("Age", canary), F("State", "other")]));
        Assert.Contains("Enter the age as a whole number", other.Text("#error-summary"), StringComparison.Ordinal);
        var adult = await ParseAsync(await client.PostFormAsync("/toolkit/reporting", [F("Age", "44"), F("State", "other")]));
        Assert.Equal("For a patient aged 44 (an adult) in a state not in Beacon's catalogue", adult.Text("#answer-heading"));
        Assert.Contains("Beacon's research found no reporting duty for this situation", adult.Text("#answer"), StringComparison.Ordinal);

        var after = await app.WithDbAsync(async db => await db.AuditEntries.All().CountAsync() + await db.OutboxMessages.All().CountAsync());
        Assert.Equal(before, after);
        Assert.DoesNotContain(app.Logs, l => l.Contains(canary, StringComparison.Ordinal) || l.Contains("assaultive-injury", StringComparison.Ordinal));
    }
}
