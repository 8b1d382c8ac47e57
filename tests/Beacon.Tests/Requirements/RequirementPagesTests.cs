using System.Net;
using System.Net.Http.Headers;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Learning;
using Beacon.Features.Requirements;
using Beacon.Tests.Infrastructure;
using Beacon.Tests.Practices;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Requirements;

public sealed class RequirementPagesTests
{
    /// <summary>A sound form; <paramref name="extra"/> replaces fields of the same name (or adds list items).</summary>
    private static KeyValuePair<string, string>[] Fields(string name, params KeyValuePair<string, string>[] extra) =>
    [
        .. Defaults(name).Where(d => extra.All(e => e.Key != d.Key)),
        .. extra,
    ];

    private static KeyValuePair<string, string>[] Defaults(string name) =>
    [
        F("Input.Name", name),
        F("Input.CourseId", "ht-medical-practice"),
        F("Input.Track", ""),
        F("Input.Frequency", "EveryMonths"),
        F("Input.Months", "12"),
        F("Input.FixedMonth", "1"),
        F("Input.FixedDay", "1"),
        F("Input.StartsOn", "2026-01-01"),
        F("Input.NewHireDays", "30"),
        F("Input.GraceDays", "0"),
        F("Input.EarlyDays", "0"),
        F("Input.DueSoonDays", "30"),
    ];

    private static Guid IdFrom(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect, got {(int)response.StatusCode}");
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
    }

    [Theory, DatabaseData]
    public async Task Admin_adds_edits_deactivates_and_reactivates_a_requirement_and_each_change_is_audited(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync(staff: 4);

        var added = await client.PostFormAsync("/practice/requirements/new", Fields("Annual in-service", F("Input.Roles", "registered-nurse"), F("Input.Sites", practice.SiteIds[1].ToString())));
        var id = IdFrom(added);

        // Staff 1 and 3 are nurses at the second site: both covered, due 30 days after the start.
        var list = await client.GetPageAsync("/practice/requirements");
        var row = list.QuerySelectorAll("tbody tr").Single();
        Assert.Contains("Annual in-service", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Registered nurse; at South Clinic", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Every 12 months (rolling)", row.TextContent, StringComparison.Ordinal);
        var cells = row.QuerySelectorAll("td.text-end").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["0", "0", "2", "0"], cells); // today is 2026-03-02: due 2026-01-31, overdue

        var details = await client.GetPageAsync($"/practice/requirements/{id}");
        var people = details.QuerySelectorAll("section[aria-labelledby=people-heading] tbody tr").ToList();
        Assert.Equal(2, people.Count);
        Assert.All(people, p => Assert.Contains("overdue by 30 days: was due 2026-01-31", p.TextContent, StringComparison.Ordinal));

        // Edit: yearly by a fixed date, everyone.
        var edited = await client.PostFormAsync($"/practice/requirements/{id}/edit",
            Fields("Annual in-service", F("Input.Frequency", "YearlyByDate"), F("Input.FixedMonth", "6"), F("Input.FixedDay", "30")));
        AdminTestSupport.AssertRedirect(edited, $"/practice/requirements/{id}");
        var requirement = await app.WithDbAsync(db => db.Requirements.AsNoTracking().SingleAsync(r => r.Id == id), practice.PracticeId);
        Assert.Equal((Frequency.YearlyByDate, 6, 30, "", ""), (requirement.Frequency, requirement.FixedMonth, requirement.FixedDay, requirement.Roles, requirement.Sites));
        var statuses = await app.WithDbAsync(db => db.RequirementStatuses.AsNoTracking().Where(s => s.RequirementId == id && s.Applies).CountAsync(), practice.PracticeId);
        Assert.Equal(4, statuses);

        AdminTestSupport.AssertRedirect(await client.PostFormAsync($"/practice/requirements/{id}?handler=Deactivate", [], $"/practice/requirements/{id}"), $"/practice/requirements/{id}");
        Assert.Equal(0, await app.WithDbAsync(db => db.RequirementStatuses.AsNoTracking().CountAsync(s => s.RequirementId == id && s.Applies), practice.PracticeId));
        Assert.Contains("Inactive", (await client.GetPageAsync("/practice/requirements")).QuerySelector("tbody tr")!.TextContent, StringComparison.Ordinal);
        AdminTestSupport.AssertRedirect(await client.PostFormAsync($"/practice/requirements/{id}?handler=Reactivate", [], $"/practice/requirements/{id}"), $"/practice/requirements/{id}");
        Assert.Equal(4, await app.WithDbAsync(db => db.RequirementStatuses.AsNoTracking().CountAsync(s => s.RequirementId == id && s.Applies), practice.PracticeId));

        var actions = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.TargetId == id.ToString()).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(), practice.PracticeId);
        Assert.Equal(["requirement.created", "requirement.updated", "requirement.updated", "requirement.updated"], actions);
    }

    [Theory, DatabaseData]
    public async Task Invalid_requirement_fields_are_each_named_in_the_error_summary_and_nothing_is_saved(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync();

        var response = await client.PostFormAsync("/practice/requirements/new",
        [
            F("Input.Name", " "),
            F("Input.CourseId", "no-such-course"),
            F("Input.Frequency", "YearlyByDate"),
            F("Input.FixedMonth", "2"),
            F("Input.FixedDay", "30"),
            F("Input.StartsOn", "01/02/2026"),
            F("Input.NewHireDays", "-1"),
            F("Input.GraceDays", "0"),
            F("Input.EarlyDays", "400"),
            F("Input.DueSoonDays", "30"),
            F("Input.Roles", "astronaut"),
            F("Input.Sites", Guid.NewGuid().ToString()),
            F("Input.LicenceTypes", "XYZ"),
            F("Input.LicenceStates", "TX, ZZ"),
        ]);
        app.AssertOk(response);
        var page = await ParseAsync(response);
        var summary = page.QuerySelectorAll("#error-summary li").Select(li => li.TextContent.Trim()).ToList();
        string[] expected = ["Name:", "Course:", "Due day:", "Starts on:", "Days a new hire has:", "Early window in days:", "Job roles:", "Sites:", "Licence types:", "Licence states: “ZZ”"];
        Assert.Equal(expected.Length, summary.Count);
        foreach (var (prefix, line) in expected.Zip(summary))
        {
            Assert.StartsWith(prefix, line, StringComparison.Ordinal);
        }
        Assert.Equal("#Input_Name", page.QuerySelector("#error-summary a")!.GetAttribute("href"));
        Assert.Equal("true", page.QuerySelector("#Input_Name")!.GetAttribute("aria-invalid"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Requirements.CountAsync(), practice.PracticeId));

        // A licence-renewal requirement without a licence type is refused too.
        var renewal = await client.PostFormAsync("/practice/requirements/new", Fields("Renewal", F("Input.Frequency", "LicenceRenewal")));
        Assert.Contains("needs at least one licence type", (await ParseAsync(renewal)).Text("#error-summary"), StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task Exemptions_are_recorded_shown_ended_early_and_audited(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync(staff: 2);
        var id = IdFrom(await client.PostFormAsync("/practice/requirements/new", Fields("Annual in-service")));
        var person = practice.StaffIds[0];

        var missingReason = await client.PostFormAsync($"/practice/requirements/{id}/exempt", [F("Input.StaffMemberId", person.ToString()), F("Input.Reason", ""), F("Input.From", "2026-03-01"), F("Input.Until", "2026-02-01")]);
        var errors = (await ParseAsync(missingReason)).QuerySelectorAll("#error-summary li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(["Reason: say why the person is exempt; auditors read it.", "Until: the last day cannot be before the first day."], errors);

        AdminTestSupport.AssertRedirect(await client.PostFormAsync($"/practice/requirements/{id}/exempt",
            [F("Input.StaffMemberId", person.ToString()), F("Input.Reason", "parental leave"), F("Input.From", "2026-03-01"), F("Input.Until", "2026-08-31")]), $"/practice/requirements/{id}");

        var details = await client.GetPageAsync($"/practice/requirements/{id}");
        var row = details.QuerySelectorAll("section[aria-labelledby=people-heading] tbody tr").Single(r => r.InnerHtml.Contains(person.ToString(), StringComparison.Ordinal));
        Assert.Contains("Exempt", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("exempt until 2026-08-31: parental leave", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("parental leave", details.Text("section[aria-labelledby=exemptions-heading]"), StringComparison.Ordinal);
        var personPage = await client.GetPageAsync($"/roster/{person}");
        Assert.Contains("exempt until 2026-08-31: parental leave", personPage.Text("section[aria-labelledby=requirements-heading]"), StringComparison.Ordinal);
        var counts = (await client.GetPageAsync("/practice/requirements")).QuerySelectorAll("tbody tr td.text-end").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["0", "0", "1", "1"], counts);

        var exemption = await app.WithDbAsync(db => db.Exemptions.AsNoTracking().SingleAsync(), practice.PracticeId);
        AdminTestSupport.AssertRedirect(await client.PostFormAsync($"/practice/requirements/{id}/exempt?handler=End&exemption={exemption.Id}", [], $"/practice/requirements/{id}"), $"/practice/requirements/{id}");
        Assert.NotNull(await app.WithDbAsync(db => db.Exemptions.AsNoTracking().Select(e => e.EndedAt).SingleAsync(), practice.PracticeId));
        var status = await app.WithDbAsync(db => db.RequirementStatuses.AsNoTracking().SingleAsync(s => s.StaffMemberId == person), practice.PracticeId);
        Assert.Null(status.ExemptFrom);
        Assert.Contains("Ended early", (await client.GetPageAsync($"/practice/requirements/{id}")).Text("section[aria-labelledby=exemptions-heading]"), StringComparison.Ordinal);

        var actions = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.TargetId == exemption.Id.ToString()).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(), practice.PracticeId);
        Assert.Equal(["exemption.created", "exemption.updated"], actions);
    }

    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0];

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid person, Guid requirement, string completedOn, byte[]? file, string fileName)
    {
        var token = await client.GetAntiforgeryTokenAsync($"/roster/{person}/outside-certificate");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new StringContent(requirement.ToString()), "RequirementId");
        form.Add(new StringContent(completedOn), "CompletedOn");
        form.Add(new StringContent("Provider course"), "Note");
        if (file is not null)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "Upload", fileName);
        }
        return await client.PostAsync($"/roster/{person}/outside-certificate", form);
    }

    [Theory, DatabaseData]
    public async Task Outside_certificates_are_checked_by_their_bytes_and_nothing_is_written_when_refused(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync(staff: 1);
        var id = IdFrom(await client.PostFormAsync("/practice/requirements/new", Fields("Annual in-service")));
        var person = practice.StaffIds[0];

        (byte[]? File, string Name, string Date, string Field, string Reason)[] refused =
        [
            (Pdf, "certificate.png", "2026-02-01", "Upload", "contents are a PDF but its name ends in “.png”"),
            ("<!DOCTYPE html><html><body>certificate</body></html>"u8.ToArray(), "certificate.pdf", "2026-02-01", "Upload", "not a PDF, JPEG or PNG"),
            ([], "empty.pdf", "2026-02-01", "Upload", "the file is empty"),
            ([.. Pdf, .. new byte[10 * 1024 * 1024]], "big.pdf", "2026-02-01", "Upload", "Beacon accepts up to 10 MB"),
            (Pdf, "certificate.pdf", "2026-03-03", "CompletedOn", "is in the future"),
            (null, "", "2026-02-01", "Upload", "choose the PDF, JPEG or PNG file"),
        ];
        foreach (var (file, name, date, field, reason) in refused)
        {
            var response = await UploadAsync(client, person, id, date, file, name);
            app.AssertOk(response);
            var page = await ParseAsync(response);
            var message = page.Text($"#error-{field}");
            Assert.Contains(reason, message, StringComparison.Ordinal);
            Assert.Contains(reason, page.Text("#error-summary"), StringComparison.Ordinal);
        }
        Assert.Equal(0, await app.WithDbAsync(db => db.Completions.CountAsync(), practice.PracticeId));
        Assert.Equal(0, await app.WithDbAsync(db => db.EvidenceFiles.CountAsync(), practice.PracticeId));
        var evidenceFolder = Path.Combine(app.DataDirectory, "evidence");
        Assert.True(!Directory.Exists(evidenceFolder) || !Directory.EnumerateFiles(evidenceFolder, "*", SearchOption.AllDirectories).Any());

        // PDF, PNG and JPEG are accepted; each becomes a completion with its evidence, stored by id.
        foreach (var (file, name, stored, type) in new[] { (Pdf, "../../etc/cert.pdf", "cert.pdf", "application/pdf"), (Png, "scan.PNG", "scan.png", "image/png"), (Jpeg, "photo.jpeg", "photo.jpg", "image/jpeg") })
        {
            AdminTestSupport.AssertRedirect(await UploadAsync(client, person, id, "2026-02-20", file, name), $"/roster/{person}");
            var evidence = await app.WithDbAsync(db => db.EvidenceFiles.AsNoTracking().SingleAsync(e => e.FileName == stored), practice.PracticeId);
            Assert.Equal(type, evidence.ContentType);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file)), evidence.Sha256);
            var path = Path.Combine(app.DataDirectory, "evidence", practice.PracticeId.ToString(), evidence.Id.ToString());
            Assert.Equal(file, await File.ReadAllBytesAsync(path));
            var completion = await app.WithDbAsync(db => db.Completions.AsNoTracking().SingleAsync(c => c.Id == evidence.CompletionId), practice.PracticeId);
            Assert.Equal((CompletionBasis.OutsideCertificate, new DateOnly(2026, 2, 20), "clinical"), (completion.Basis, completion.CompletedOn, completion.Track));
            Assert.Equal(app.Time.GetUtcNow().UtcDateTime, completion.CompletedAt);
        }
        Assert.Empty(Directory.EnumerateFiles(evidenceFolder, "*.part", SearchOption.AllDirectories));
        var personPage = await client.GetPageAsync($"/roster/{person}");
        Assert.Equal(3, personPage.QuerySelectorAll("a[href^='/practice/evidence/']").Length);

        // The status follows: completed 2026-02-20, next due a year later.
        var status = await app.WithDbAsync(db => db.RequirementStatuses.AsNoTracking().SingleAsync(s => s.StaffMemberId == person), practice.PracticeId);
        Assert.Equal(new DateOnly(2027, 2, 20), status.DueOn);
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Select(e => e.Action).ToListAsync(), practice.PracticeId);
        Assert.Equal(3, audit.Count(a => a == "evidence.created"));
        Assert.Equal(3, audit.Count(a => a == "completion.created"));
    }

    [Theory, DatabaseData]
    public async Task Outside_certificates_download_as_attachments_for_admins_and_auditors_and_are_404_for_other_practices(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync(staff: 1);
        var id = IdFrom(await client.PostFormAsync("/practice/requirements/new", Fields("Annual in-service")));
        AdminTestSupport.AssertRedirect(await UploadAsync(client, practice.StaffIds[0], id, "2026-02-20", Pdf, "course certificate.pdf"), $"/roster/{practice.StaffIds[0]}");
        var evidence = await app.WithDbAsync(db => db.EvidenceFiles.AsNoTracking().SingleAsync(), practice.PracticeId);

        var download = await client.GetAsync($"/practice/evidence/{evidence.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("course certificate.pdf", download.Content.Headers.ContentDisposition.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Contains(await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Select(e => e.Action).ToListAsync(), practice.PracticeId), a => a == "evidence.downloaded");

        var auditor = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Auditor, Roles.Learner));
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/practice/evidence/{evidence.Id}")).StatusCode);

        var learner = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Learner));
        Assert.NotEqual(HttpStatusCode.OK, (await learner.GetAsync($"/practice/evidence/{evidence.Id}")).StatusCode);

        var (other, _, otherClient) = await app.SignedInAdminAsync(staff: 1);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/practice/evidence/{evidence.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/practice/requirements/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/roster/{practice.StaffIds[0]}/outside-certificate")).StatusCode);
        Assert.NotEqual(other.PracticeId, practice.PracticeId);
    }

    [Theory, DatabaseData]
    public async Task A_state_mandate_becomes_a_requirement_in_one_action_for_matching_licences_and_cannot_be_added_twice(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, client) = await app.SignedInAdminAsync(staff: 4);
        await app.WithDbAsync(async db =>
        {
            var staff = await db.StaffMembers.OrderBy(s => s.EmployeeId).ToListAsync();
            (staff[0].LicenceType, staff[0].LicenceState, staff[0].LicenceExpiry) = ("PA", "TX", new DateOnly(2027, 5, 31));
            (staff[1].LicenceType, staff[1].LicenceState, staff[1].LicenceExpiry) = ("PA", "FL", new DateOnly(2027, 5, 31));
            (staff[2].LicenceType, staff[2].LicenceState, staff[2].LicenceExpiry) = ("MD", "TX", new DateOnly(2026, 12, 31));
            await db.SaveChangesAsync();
        }, practice.PracticeId);
        var ids = await app.WithDbAsync(db => db.StaffMembers.AsNoTracking().OrderBy(s => s.EmployeeId).Select(s => s.Id).ToListAsync(), practice.PracticeId);

        var page = await client.GetPageAsync("/practice/requirements/mandates");
        Assert.Contains("Training mandates in Texas", page.Text("h2#mandates-heading"), StringComparison.Ordinal);
        Assert.Contains("Tex. Occ. Code § 156.060", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, page.QuerySelectorAll("input[name=reading][id^='reading-tx-physicians-156-060']").Length);
        Assert.Contains("Fla. Stat. § 464.013", (await client.GetPageAsync("/practice/requirements/mandates?state=FL")).Body!.TextContent, StringComparison.Ordinal);

        var added = await client.PostFormAsync("/practice/requirements/mandates?handler=Add", [F("mandateId", "tx-practitioners-hb2059")], "/practice/requirements/mandates");
        var id = IdFrom(added);
        var requirement = await app.WithDbAsync(db => db.Requirements.AsNoTracking().SingleAsync(r => r.Id == id), practice.PracticeId);
        Assert.Equal(("tx-practitioners-hb2059", (string?)null, Frequency.LicenceRenewal, 24, "TX"), (requirement.MandateId, requirement.MandateReading, requirement.Frequency, requirement.Months, requirement.LicenceStates));
        Assert.Contains("PA", requirement.LicenceTypes.Split(','));
        var applies = await app.WithDbAsync(db => db.RequirementStatuses.AsNoTracking().Where(s => s.RequirementId == id && s.Applies).Select(s => s.StaffMemberId).ToListAsync(), practice.PracticeId);
        Assert.Equal([ids[0]], applies);

        var again = await client.PostFormAsync("/practice/requirements/mandates?handler=Add", [F("mandateId", "tx-practitioners-hb2059")], "/practice/requirements/mandates");
        app.AssertOk(again);
        Assert.Contains("is already a requirement of the practice", (await ParseAsync(again)).Text("#error-summary"), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Requirements.CountAsync(r => r.MandateId == "tx-practitioners-hb2059"), practice.PracticeId));

        // A disputed mandate needs a reading; the chosen one sets the frequency.
        var noReading = await client.PostFormAsync("/practice/requirements/mandates?handler=Add", [F("mandateId", "tx-physicians-156-060")], "/practice/requirements/mandates");
        Assert.Contains("choose the reading to follow", (await ParseAsync(noReading)).Text("#error-summary"), StringComparison.Ordinal);
        var physicians = IdFrom(await client.PostFormAsync("/practice/requirements/mandates?handler=Add", [F("mandateId", "tx-physicians-156-060"), F("reading", "every-renewal")], "/practice/requirements/mandates"));
        var chosen = await app.WithDbAsync(db => db.Requirements.AsNoTracking().SingleAsync(r => r.Id == physicians), practice.PracticeId);
        Assert.Equal(("every-renewal", Frequency.LicenceRenewal), (chosen.MandateReading, chosen.Frequency));
        Assert.Equal([ids[2]], await app.WithDbAsync(db => db.RequirementStatuses.AsNoTracking().Where(s => s.RequirementId == physicians && s.Applies).Select(s => s.StaffMemberId).ToListAsync(), practice.PracticeId));
        Assert.Contains("reading chosen: Every renewal", (await client.GetPageAsync($"/practice/requirements/{physicians}")).Body!.TextContent, StringComparison.Ordinal);
    }
}
