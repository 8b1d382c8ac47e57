using System.Buffers.Text;
using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Certificates;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Certificates;

public sealed class CertificateTests
{
    private const string CourseTitle = "Human Trafficking: Recognising and Responding in Medical Practice";
    private const string NonClinicalTrack = "Front desk, billing and other non-clinical staff";

    [Theory, DatabaseData]
    public async Task A_learner_downloads_their_certificate_with_every_fact_and_a_qr_code_of_its_verify_address(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(name: TestData.Unique("Lakeside Family Medicine"), staff: 2);
        var learner = await app.LearnerAsync(practice.PracticeId, practice.StaffIds[1]);
        var done = await app.CompleteAsync(practice.PracticeId, learner.StaffMemberId);
        var client = await app.SignInAsync(learner.Account);

        var response = await client.GetAsync($"/certificates/{done.CertificateId}/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Matches("^certificate-bcn-2026-[a-z0-9]{8}-person2-staff-[a-z0-9]{8}\\.pdf$", disposition.FileName!.Trim('"'));
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        var pdf = await response.Content.ReadAsByteArrayAsync();
        var text = Normalise(await PdfTools.TextAsync(pdf));
        Assert.Contains("Certificate of completion", text, StringComparison.Ordinal);
        Assert.Contains(learner.Name, text, StringComparison.Ordinal);
        Assert.Contains(done.Number, text, StringComparison.Ordinal);
        Assert.Contains(CourseTitle, text, StringComparison.Ordinal);
        Assert.Contains("Version 1.0.0", text, StringComparison.Ordinal);
        Assert.Contains(NonClinicalTrack + " track", text, StringComparison.Ordinal);
        // The fake clock is 9 AM on March 2, 2026 in the practice's Central Time.
        Assert.Contains("Completed on March 2, 2026", text, StringComparison.Ordinal);
        Assert.Contains("CE hours 0.5", text, StringComparison.Ordinal);
        Assert.Contains(practice.Name, text, StringComparison.Ordinal);
        Assert.DoesNotContain("REVOKED", text, StringComparison.Ordinal);
        var verifyUrl = $"http://localhost/verify/{done.VerificationCode}";
        Assert.Contains(verifyUrl, text, StringComparison.Ordinal);
        Assert.Equal(verifyUrl, await PdfTools.QrCodeAsync(pdf));
    }

    [Theory, DatabaseData]
    public async Task The_verify_page_shows_only_name_course_date_and_status_and_says_revoked_after_revocation(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(name: TestData.Unique("Lakeside Family Medicine"), staff: 2);
        var learner = await app.LearnerAsync(practice.PracticeId, practice.StaffIds[0]);
        var done = await app.CompleteAsync(practice.PracticeId, learner.StaffMemberId);
        var anonymous = app.NewClient();
        const string reason = "Attendance was recorded for the wrong person";

        var valid = await anonymous.GetPageAsync($"/verify/{done.VerificationCode}");
        app.Time.Advance(TimeSpan.FromDays(3));
        var admin = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin));
        var revoke = await admin.PostFormAsync($"/certificates/{done.CertificateId}?handler=revoke", [F("Reason", reason)], tokenPage: "/account/security");
        var revoked = await anonymous.GetPageAsync($"/verify/{done.VerificationCode}");

        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.Equal(
            ["Name", learner.Name, "Course", CourseTitle, "Completed on", "March 2, 2026", "Status", "Valid"],
            valid.QuerySelectorAll("main dt, main dd").Select(e => e.TextContent.Trim()));
        Assert.Equal(
            ["Name", learner.Name, "Course", CourseTitle, "Completed on", "March 2, 2026", "Status", "Revoked on March 5, 2026"],
            revoked.QuerySelectorAll("main dt, main dd").Select(e => e.TextContent.Trim()));
        foreach (var page in new[] { valid, revoked })
        {
            var html = page.DocumentElement.OuterHtml;
            Assert.DoesNotContain(practice.Name, html, StringComparison.Ordinal);
            Assert.DoesNotContain(learner.Email, html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(learner.Account.Email, html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(done.Number, html, StringComparison.Ordinal);
            Assert.DoesNotContain(reason, html, StringComparison.Ordinal);
            Assert.DoesNotContain("0.5", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        }
    }

    [Theory, DatabaseData]
    public async Task Unknown_and_malformed_codes_answer_404_with_the_same_page_and_the_form_leads_to_the_verify_address(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 1);
        var done = await app.CompleteAsync(practice.PracticeId, practice.StaffIds[0]);
        var anonymous = app.NewClient();

        foreach (var code in new[] { CertificateIssuer.NewVerificationCode(), "not*a*code", new string('A', 200) })
        {
            var response = await anonymous.GetAsync("/verify/" + Uri.EscapeDataString(code));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var page = await ParseAsync(response);
            Assert.Equal("Certificate not found", page.Text("h1"));
            Assert.Contains("No certificate was found for this code", page.Text("#certificate-status"), StringComparison.Ordinal);
        }

        var form = await anonymous.GetPageAsync("/verify");
        Assert.NotNull(form.QuerySelector("form[action='/verify'] input#code[name=code]"));
        var typed = await anonymous.GetAsync("/verify?code=" + Uri.EscapeDataString($" {done.VerificationCode} "));
        var pasted = await anonymous.GetAsync("/verify?code=" + Uri.EscapeDataString($"http://localhost/verify/{done.VerificationCode}"));
        Assert.Equal($"/verify/{done.VerificationCode}", typed.Headers.Location?.OriginalString);
        Assert.Equal($"/verify/{done.VerificationCode}", pasted.Headers.Location?.OriginalString);
    }

    [Theory, DatabaseData]
    public async Task Verification_codes_carry_at_least_128_random_bits(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 2);
        var first = await app.CompleteAsync(practice.PracticeId, practice.StaffIds[0]);
        var second = await app.CompleteAsync(practice.PracticeId, practice.StaffIds[1]);

        foreach (var code in new[] { first.VerificationCode, second.VerificationCode })
        {
            Assert.True(Base64Url.DecodeFromChars(code).Length * 8 >= 128, $"{code} has fewer than 128 bits");
        }
        Assert.NotEqual(first.VerificationCode, second.VerificationCode);
    }

    [Theory, DatabaseData]
    public async Task A_learner_cannot_download_a_colleagues_certificate_and_another_practices_ids_are_not_found(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var alpha = await app.CreatePracticeAsync(staff: 2);
        var bravo = await app.CreatePracticeAsync(staff: 1);
        var owner = await app.LearnerAsync(alpha.PracticeId, alpha.StaffIds[0]);
        var colleague = await app.LearnerAsync(alpha.PracticeId, alpha.StaffIds[1]);
        var done = await app.CompleteAsync(alpha.PracticeId, owner.StaffMemberId);
        var colleagueClient = await app.SignInAsync(colleague.Account);
        var bravoAdmin = await app.SignInAsync(await app.CreateAccountAsync(bravo.PracticeId, Roles.PracticeAdmin, Roles.Auditor, Roles.Learner));
        var alphaAuditor = await app.SignInAsync(await app.CreateAccountAsync(alpha.PracticeId, Roles.Auditor));

        Assert.Equal(HttpStatusCode.NotFound, (await colleagueClient.GetAsync($"/certificates/{done.CertificateId}/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alphaAuditor.GetAsync($"/certificates/{done.CertificateId}/pdf")).StatusCode);
        foreach (var url in new[]
        {
            $"/certificates/{done.CertificateId}/pdf",
            $"/certificates/{done.CertificateId}",
            $"/roster/{owner.StaffMemberId}/transcript",
            $"/roster/{owner.StaffMemberId}/transcript/pdf",
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await bravoAdmin.GetAsync(url)).StatusCode);
        }
        var token = await bravoAdmin.GetAntiforgeryTokenAsync("/account/security");
        var post = await bravoAdmin.PostFormWithTokenAsync($"/certificates/{done.CertificateId}?handler=revoke", [F("Reason", "Trying to revoke another practice's certificate")], token);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Certificates.All().Where(c => c.Id == done.CertificateId).Select(c => c.RevokedAt).SingleAsync()));
    }

    [Theory, DatabaseData]
    public async Task Revoking_needs_a_reason_is_recorded_and_audited_and_cannot_be_repeated(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 1);
        var learner = await app.LearnerAsync(practice.PracticeId, practice.StaffIds[0]);
        var done = await app.CompleteAsync(practice.PracticeId, learner.StaffMemberId);
        app.Time.Advance(TimeSpan.FromMinutes(20));
        var adminAccount = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin);
        var admin = await app.SignInAsync(adminAccount);
        var auditor = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Auditor));
        var url = $"/certificates/{done.CertificateId}";
        var revoke = url + "?handler=revoke";

        var auditorView = await auditor.GetPageAsync(url);
        Assert.Null(auditorView.QuerySelector("textarea#reason"));
        Assert.Contains("Only a practice administrator can revoke", auditorView.Text("#revoke-heading + p"), StringComparison.Ordinal);
        var auditorPost = await auditor.PostFormWithTokenAsync(revoke, [F("Reason", "An auditor may not revoke anything")], Token(auditorView)!);
        Assert.Contains("/account/access-denied", auditorPost.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);

        var tooShort = await admin.PostFormAsync(revoke, [F("Reason", "  mistake ")], tokenPage: "/account/security");
        Assert.Equal(HttpStatusCode.OK, tooShort.StatusCode);
        Assert.Contains("at least 10 characters", (await ParseAsync(tooShort)).Text("#reason-error"), StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Certificates.All().Where(c => c.Id == done.CertificateId).Select(c => c.RevokedAt).SingleAsync()));

        var revoked = await admin.PostFormAsync(revoke, [F("Reason", "Completed under another person's account")], tokenPage: "/account/security");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        var again = await admin.PostFormAsync(revoke, [F("Reason", "A second reason that must not replace the first")], tokenPage: "/account/security");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("already revoked", (await ParseAsync(again)).DocumentElement.TextContent, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.Certificates.All().AsNoTracking().SingleAsync(c => c.Id == done.CertificateId));
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, stored.RevokedAt);
        Assert.Equal("Completed under another person's account", stored.RevokedReason);
        Assert.Equal(adminAccount.UserId, stored.RevokedByUserId);
        var audit = await app.WithDbAsync(db => db.AuditEntries.All()
            .Where(e => e.TargetType == "certificate" && e.TargetId == done.CertificateId.ToString() && e.Action == "certificate.updated").ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal(adminAccount.UserId, entry.ActorUserId);
        Assert.Contains("Completed under another person", entry.Changes, StringComparison.Ordinal);

        var details = await auditor.GetPageAsync(url);
        Assert.Equal("Revoked on Mar 2, 2026, 9:20 AM CST by Test PracticeAdmin.", details.Text(".alert-danger p"));
        Assert.Contains("Reason: Completed under another person's account", details.Text(".alert-danger"), StringComparison.Ordinal);
        var pdf = await (await admin.GetAsync(url + "/pdf")).Content.ReadAsByteArrayAsync();
        Assert.Contains("REVOKED on March 2, 2026", Normalise(await PdfTools.TextAsync(pdf)), StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task The_public_check_is_rate_limited_per_client(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider, a => a.WithSetting("RateLimits:PublicPerMinute", "3"));
        var anonymous = app.NewClient();
        var code = CertificateIssuer.NewVerificationCode();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await anonymous.GetAsync($"/verify/{code}")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], answers);
    }

    [Theory, DatabaseData]
    public async Task Posts_to_pages_without_a_form_are_refused_and_never_fail(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync(staff: 1);
        var learner = await app.LearnerAsync(practice.PracticeId, practice.StaffIds[0]);
        var done = await app.CompleteAsync(practice.PracticeId, learner.StaffMemberId);
        var admin = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin, Roles.Learner));
        var token = await admin.GetAntiforgeryTokenAsync("/account/security");

        foreach (var url in new[]
        {
            $"/certificates/{done.CertificateId}/pdf",
            $"/certificates/{done.CertificateId}",
            $"/certificates/{done.CertificateId}?handler=unknown",
            $"/roster/{learner.StaffMemberId}/transcript",
            $"/roster/{learner.StaffMemberId}/transcript/pdf",
            "/transcript",
            "/transcript/pdf",
            $"/verify/{done.VerificationCode}",
            "/verify",
        })
        {
            var response = await admin.PostFormWithTokenAsync(url, [F("Reason", "Posted where no form is")], token);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed,
                $"POST {url} answered {(int)response.StatusCode}");
        }
        Assert.Null(await app.WithDbAsync(db => db.Certificates.All().Where(c => c.Id == done.CertificateId).Select(c => c.RevokedAt).SingleAsync()));
    }

    /// <summary>pdftotext -layout pads columns and breaks wrapped lines; one space is enough to compare.</summary>
    internal static string Normalise(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, "\\s+", " ");
}
