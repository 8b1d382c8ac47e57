using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Learning;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Certificates.CertificateTests;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Certificates;

public sealed class TranscriptTests
{
    [Theory, DatabaseData]
    public async Task A_transcript_lists_completions_with_certificates_and_every_attempt_for_the_learner_and_the_administrator(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var learner = await app.LearnerAsync(practice.PracticeId, practice.StaffIds[0]);
        await app.AttemptAsync(practice.PracticeId, learner.StaffMemberId, "non-clinical", AttemptKind.PreTest, correct: 6);
        await app.AttemptAsync(practice.PracticeId, learner.StaffMemberId, "non-clinical", AttemptKind.PostTest, correct: 12);
        app.Time.Advance(TimeSpan.FromMinutes(5));
        var done = await app.CompleteAsync(practice.PracticeId, learner.StaffMemberId);
        var client = await app.SignInAsync(learner.Account);
        var admin = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin));
        var auditor = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Auditor));

        var own = await client.GetPageAsync("/transcript");
        var managed = await admin.GetPageAsync($"/roster/{learner.StaffMemberId}/transcript");
        var audited = await auditor.GetPageAsync($"/roster/{learner.StaffMemberId}/transcript");

        foreach (var page in new[] { own, managed, audited })
        {
            var completion = Assert.Single(page.QuerySelectorAll("#completions-heading + div tbody tr"));
            Assert.Equal(
                ["Mar 2, 2026", "Human Trafficking: Recognising and Responding in Medical Practice", "1.0.0", "Front desk, billing and other non-clinical staff", "Self-paced", "0.5"],
                completion.QuerySelectorAll("td").Take(6).Select(td => td.TextContent.Trim()));
            var certificate = completion.QuerySelector($"a[href='/certificates/{done.CertificateId}/pdf']")!;
            Assert.Equal(done.Number, certificate.TextContent.Trim());
            Assert.Contains("Valid", completion.QuerySelectorAll("td")[^1].TextContent, StringComparison.Ordinal);
            var postTests = page.QuerySelectorAll("#post-tests-heading + div tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();
            Assert.Equal(2, postTests.Count);
            Assert.Equal(["18 of 20 (90%)", "Passed"], postTests[0][3..]);
            Assert.Equal(["12 of 20 (60%)", "Not passed"], postTests[1][3..]);
            var preTest = Assert.Single(page.QuerySelectorAll("#pre-tests-heading + div tbody tr"));
            Assert.Equal("6 of 10 (60%)", preTest.QuerySelectorAll("td")[3].TextContent.Trim());
            Assert.Equal("0.5", page.Text("#total-ce-hours"));
        }
        Assert.Null(own.QuerySelector($"a[href='/certificates/{done.CertificateId}']"));
        Assert.NotNull(managed.QuerySelector($"a[href='/certificates/{done.CertificateId}']"));
    }

    [Theory, DatabaseData]
    public async Task The_transcript_pdf_states_the_record_and_continues_onto_more_pages_when_long(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(name: TestData.Unique("Riverbend Clinic"), staff: 1);
        var learner = await app.LearnerAsync(practice.PracticeId, practice.StaffIds[0]);
        var done = await app.CompleteAsync(practice.PracticeId, learner.StaffMemberId);
        // Many pre-test attempts (it has no limit) make the tables run past one page.
        await app.WithDbAsync(async db =>
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            db.AssessmentAttempts.AddRange(Enumerable.Range(1, 70).Select(i => new AssessmentAttempt
            {
                PracticeId = practice.PracticeId,
                StaffMemberId = learner.StaffMemberId,
                CourseId = CertificateSeed.CourseId,
                Version = "1.0.0",
                Track = "non-clinical",
                Kind = AttemptKind.PreTest,
                Paper = "[]",
                QuestionCount = 10,
                Score = i % 11,
                StartedAt = now.AddDays(-i),
                SubmittedAt = now.AddDays(-i).AddMinutes(10),
            }));
            await db.SaveChangesAsync();
        }, practice.PracticeId);
        var client = await app.SignInAsync(learner.Account);
        var admin = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin));

        var own = await client.GetAsync("/transcript/pdf");
        var managed = await admin.GetAsync($"/roster/{learner.StaffMemberId}/transcript/pdf");

        foreach (var response in new[] { own, managed })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            var raw = await PdfTools.TextAsync(await response.Content.ReadAsByteArrayAsync());
            var pages = raw.Split('\f', StringSplitOptions.RemoveEmptyEntries).Where(p => p.Trim().Length > 0).ToList();
            Assert.True(pages.Count >= 2, $"expected the transcript to continue on a second page, got {pages.Count}");
            Assert.All(pages, p => Assert.Contains("Generated Mar 2, 2026, 9:00 AM CST", Normalise(p), StringComparison.Ordinal));
            Assert.Contains($"Page {pages.Count} of {pages.Count}", Normalise(pages[^1]), StringComparison.Ordinal);
            var text = Normalise(raw);
            Assert.Contains("Training transcript", text, StringComparison.Ordinal);
            Assert.Contains(learner.Name, text, StringComparison.Ordinal);
            Assert.Contains(practice.Name, text, StringComparison.Ordinal);
            Assert.Contains(done.Number, text, StringComparison.Ordinal);
            Assert.Contains("Total CE hours: 0.5", text, StringComparison.Ordinal);
            Assert.Contains("18 of 20 (90%) Passed", text, StringComparison.Ordinal);
            Assert.Contains("Pre-test attempts", text, StringComparison.Ordinal);
            Assert.Equal(70, System.Text.RegularExpressions.Regex.Count(text, @"\d+ of 10 \(\d+%\)"));
        }
    }

    [Theory, DatabaseData]
    public async Task An_account_without_a_roster_record_is_told_why_it_has_no_transcript(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 1);
        var client = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Learner));

        var page = await client.GetPageAsync("/transcript");

        Assert.Contains("not linked to a person on your practice's roster", page.Text("main"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/transcript/pdf")).StatusCode);
    }

    [Theory, DatabaseData]
    public async Task A_revoked_certificate_shows_as_revoked_and_its_hours_no_longer_count(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 1);
        var learner = await app.LearnerAsync(practice.PracticeId, practice.StaffIds[0]);
        var done = await app.CompleteAsync(practice.PracticeId, learner.StaffMemberId);
        var admin = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/certificates/{done.CertificateId}?handler=revoke", [F("Reason", "Issued to the wrong staff member")], tokenPage: "/account/security")).StatusCode);

        var page = await admin.GetPageAsync($"/roster/{learner.StaffMemberId}/transcript");

        Assert.Equal("Revoked Mar 2, 2026", page.Text(".status-revoked"));
        Assert.Equal("0.0", page.Text("#total-ce-hours"));
        Assert.True(await app.WithDbAsync(db => db.Certificates.All().AnyAsync(c => c.Id == done.CertificateId && c.RevokedAt != null)));
    }
}
