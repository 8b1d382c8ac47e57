using System.Net;
using System.Text.RegularExpressions;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Accounts;
using Beacon.Tests.Certificates;
using Beacon.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Reports;

public sealed partial class AuditorAccessTests
{
    /// <summary>Route templates an outside auditor may open (the account pages are theirs; the rest is read-only).</summary>
    private static readonly string[] Allowed =
    [
        "",
        "reports",
        "reports/export/{format:regex(^(csv|xlsx|pdf)$)}",
        "reports/exports",
        "reports/exports/{id:guid}",
        "reports/exports/{id:guid}/progress",
        "reports/exports/{id:guid}/file",
        "roster/{id:guid}/transcript",
        "roster/{id:guid}/transcript/pdf",
        "certificates/{id:guid}",
        "certificates/{id:guid}/pdf",
        "audit",
        "practice/compliance",
        "practice/compliance/people",
    ];

    [GeneratedRegex(@"http://localhost/account/accept-invitation\?token=[A-Za-z0-9_\-%]+")]
    private static partial Regex InvitationLink();

    [Theory, DatabaseData]
    public async Task An_administrator_grants_an_auditor_who_sees_reports_until_access_is_revoked(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, adminAccount) = await app.PracticeWithRequirementAsync(staff: 2);
        var admin = await app.SignInAsync(adminAccount);
        var email = TestData.UniqueEmail("surveyor");

        // The expiry date is required and at most a year ahead.
        var missing = await admin.PostFormAsync("/practice/auditors?handler=grant", [F("Grant.Name", "Sam Surveyor"), F("Grant.Email", email), F("Grant.Until", "")], tokenPage: "/practice/auditors");
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Contains("Enter the last day", (await ParseAsync(missing)).Text("#error-summary"), StringComparison.Ordinal);
        var tooFar = await admin.PostFormAsync("/practice/auditors?handler=grant", [F("Grant.Name", "Sam Surveyor"), F("Grant.Email", email), F("Grant.Until", "2027-03-10")], tokenPage: "/practice/auditors");
        Assert.Contains("at most a year", (await ParseAsync(tooFar)).Text("#grant-until-error"), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Invitations.CountAsync(i => i.Email == email)));

        var granted = await admin.PostFormAsync("/practice/auditors?handler=grant", [F("Grant.Name", "Sam Surveyor"), F("Grant.Email", email), F("Grant.Until", "2026-03-31")], tokenPage: "/practice/auditors");
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        Assert.Equal(1, await app.DeliverEmailsAsync());
        var link = new Uri(InvitationLink().Match(Assert.Single(SmtpSink.To(email)).TextBody!).Value).PathAndQuery;
        var accepted = await app.NewClient().PostFormAsync(link, [F("Password", TestData.Password), F("Confirm", TestData.Password)], tokenPage: link);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));
        Assert.Null(user.StaffMemberId);
        // The end of March 31 in Chicago (daylight time, UTC-5).
        Assert.Equal(new DateTime(2026, 4, 1, 5, 0, 0, DateTimeKind.Utc), user.AccessExpiresAt);
        var roles = await app.WithDbAsync(db => db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, l => l.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync());
        Assert.Equal([Roles.Auditor], roles);

        var auditor = await app.SignInAsync(new AccountSeed(user.Id, email, TestData.Password));
        var reports = await auditor.GetPageAsync("/reports?date=2026-03-02");
        Assert.Equal(2, reports.QuerySelectorAll("#report-rows tbody tr").Length);
        Assert.NotNull(reports.QuerySelector("nav a[href='/reports']"));
        Assert.Null(reports.QuerySelector("nav a[href='/learn']"));

        var list = await admin.GetPageAsync("/practice/auditors");
        Assert.Contains("Sam Surveyor", list.Text("#auditors tbody"), StringComparison.Ordinal);
        var extended = await admin.PostFormAsync($"/practice/auditors?handler=extend&id={user.Id}", [F("until", "2026-06-30")], tokenPage: "/practice/auditors");
        Assert.Equal(HttpStatusCode.Redirect, extended.StatusCode);
        Assert.Equal(new DateTime(2026, 7, 1, 5, 0, 0, DateTimeKind.Utc), await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.AccessExpiresAt).SingleAsync()));

        var revoked = await admin.PostFormAsync($"/practice/auditors?handler=revoke&id={user.Id}", [], tokenPage: "/practice/auditors");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.True(AccountClient.IsSignInRedirect(await auditor.GetAsync("/reports")));
        var sessions = await app.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == user.Id).Select(s => new { s.EndedAt, s.EndReason }).ToListAsync());
        Assert.All(sessions, s => Assert.NotNull(s.EndedAt));
        Assert.Contains(sessions, s => s.EndReason == "access-revoked");
        var again = await app.NewClient().PostFormAsync("/account/sign-in", [F("Input.Email", email), F("Input.Password", TestData.Password)]);
        Assert.NotEqual("/", again.Headers.Location?.OriginalString);
        var actions = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.TargetId == user.Id.ToString()).Select(e => e.Action).ToListAsync(), practice.PracticeId);
        Assert.Contains("auditor.extended", actions);
        Assert.Contains("auditor.revoked", actions);
    }

    [Theory, DatabaseData]
    public async Task At_its_expiry_an_auditor_account_cannot_sign_in_and_its_open_session_ends(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, _, _) = await app.PracticeWithRequirementAsync(staff: 1);
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Auditor);
        var expires = app.Time.GetUtcNow().UtcDateTime.AddMinutes(20);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == account.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessExpiresAt, expires)));
        var auditor = await app.SignInAsync(account);

        app.Time.Advance(TimeSpan.FromMinutes(19));
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/reports")).StatusCode);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(AccountClient.IsSignInRedirect(await auditor.GetAsync("/reports")));
        Assert.Equal("access-expired", await app.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == account.UserId).Select(s => s.EndReason).SingleAsync()));

        var signIn = await app.NewClient().PostFormAsync("/account/sign-in", [F("Input.Email", account.Email), F("Input.Password", account.Password)]);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.UserSessions.CountAsync(s => s.UserId == account.UserId)));
    }

    [Theory, DatabaseData]
    public async Task Every_report_export_and_transcript_an_auditor_opens_is_in_the_audit_log_with_its_filters(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, requirement, _) = await app.PracticeWithRequirementAsync(staff: 2);
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Auditor);
        var auditor = await app.SignInAsync(account);

        await auditor.GetPageAsync($"/reports?date=2026-03-01&role=front-desk&requirement={requirement.Id}");
        await auditor.BytesAsync($"/reports/export/xlsx?date=2026-02-27&site={practice.SiteIds[0]}");
        await auditor.GetPageAsync($"/roster/{practice.StaffIds[0]}/transcript");

        var entries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.ActorUserId == account.UserId && e.Action == "auditor.viewed").OrderBy(e => e.Sequence).ToListAsync(), practice.PracticeId);
        Assert.Equal(["/Reports/Index", "/Reports/Export", "/Transcripts/Person"], entries.Select(e => e.TargetId));
        Assert.Contains("\"role\":\"front-desk\"", entries[0].Changes, StringComparison.Ordinal);
        Assert.Contains($"\"requirement\":\"{requirement.Id}\"", entries[0].Changes, StringComparison.Ordinal);
        Assert.Contains("\"date\":\"2026-02-27\"", entries[1].Changes, StringComparison.Ordinal);
        Assert.Contains("/reports/export/xlsx", entries[1].Changes, StringComparison.Ordinal);
        Assert.Contains($"/roster/{practice.StaffIds[0]}/transcript", entries[2].Changes, StringComparison.Ordinal);
        Assert.All(entries, e => Assert.Equal("Test Auditor", e.ActorName));
    }

    /// <summary>
    /// An outside auditor's account tries every route the app has (found in its endpoint data source, so new
    /// pages are covered), with every method and page handler, with real ids of its own practice: only the
    /// allowed read-only pages answer; everything else is refused or not found, and nothing changes.
    /// </summary>
    [Theory, DatabaseData]
    public async Task An_auditor_reaches_only_reports_transcripts_and_certificates(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var (practice, requirement, _) = await app.PracticeWithRequirementAsync(staff: 2);
        var learner = await app.LearnerAsync(practice.PracticeId, practice.StaffIds[0]);
        var done = await app.CompleteAsync(practice.PracticeId, learner.StaffMemberId);
        var account = await app.CreateAccountAsync(practice.PracticeId, Roles.Auditor);
        var auditor = await app.SignInAsync(account);
        var token = await auditor.GetAntiforgeryTokenAsync("/account/security");
        Guid[] ids = [practice.StaffIds[0], done.CertificateId, practice.SiteIds[0], requirement.Id, learner.Account.UserId, practice.PracticeId];

        // The allowed pages do answer, with real ids.
        foreach (var url in new[] { "/", "/reports", "/reports?date=2026-03-02", "/reports/export/csv?date=2026-03-02", $"/roster/{practice.StaffIds[0]}/transcript",
                     $"/roster/{practice.StaffIds[0]}/transcript/pdf", $"/certificates/{done.CertificateId}", $"/certificates/{done.CertificateId}/pdf", "/audit" })
        {
            Assert.True((await auditor.GetAsync(url)).StatusCode == HttpStatusCode.OK, url);
        }

        var before = await FingerprintAsync(app, practice.PracticeId);
        var failures = new List<string>();
        var requests = 0;
        foreach (var (pattern, calls) in await RoutesAsync(app))
        {
            var raw = pattern.RawText!.TrimStart('/');
            if (Allowed.Contains(raw) || raw.StartsWith("account/", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var id in pattern.Parameters.Any(p => p.ParameterPolicies.Any(x => x.Content == "guid")) ? ids : ids.Take(1))
            {
                var path = Fill(pattern, id);
                foreach (var (method, handler) in calls)
                {
                    var url = handler is null ? path : $"{path}?handler={handler}";
                    using var request = new HttpRequestMessage(method, url);
                    if (method != HttpMethod.Get)
                    {
                        request.Content = new FormUrlEncodedContent([F("__RequestVerificationToken", token)]);
                    }
                    var response = await auditor.SendAsync(request);
                    requests++;
                    var refused = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed ||
                        (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/account/access-denied", StringComparison.Ordinal));
                    if (!refused)
                    {
                        failures.Add($"{method} {url}: {(int)response.StatusCode}");
                    }
                }
            }
        }
        Assert.True(requests > 100, $"only {requests} requests made");
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests answered an auditor:\n" + string.Join("\n", failures));
        Assert.Equal(before, await FingerprintAsync(app, practice.PracticeId));
    }

    private static string Fill(RoutePattern pattern, Guid id) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart p when p.ParameterPolicies.Any(x => x.Content == "guid") => id.ToString(),
            RoutePatternParameterPart p when p.ParameterPolicies.Any(x => x.Content == "int") => "404",
            RoutePatternParameterPart => "x",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

    /// <summary>Every route that is not public, with the methods (and page handlers) each accepts.</summary>
    private static async Task<List<(RoutePattern Pattern, List<(HttpMethod Method, string? Handler)> Calls)>> RoutesAsync(BeaconApp app)
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var routes = new List<(RoutePattern, List<(HttpMethod, string?)>)>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                continue;
            }
            var calls = new List<(HttpMethod, string?)>();
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                calls.Add((HttpMethod.Get, null));
                calls.AddRange(compiled.HandlerMethods.Select(h => (new HttpMethod(h.HttpMethod.ToUpperInvariant()), h.Name)));
            }
            else
            {
                var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                calls.AddRange(methods.Select(m => (new HttpMethod(m), (string?)null)));
            }
            routes.Add((endpoint.RoutePattern, calls.Distinct().ToList()));
        }
        return routes;
    }

    /// <summary>The practice's data an auditor could change, serialised.</summary>
    private static Task<string> FingerprintAsync(BeaconApp app, Guid practiceId) => app.WithDbAsync(async db =>
    {
        var userIds = await db.Users.Where(u => u.PracticeId == practiceId).Select(u => u.Id).ToListAsync();
        object[] everything =
        [
            await db.Practices.AsNoTracking().Where(p => p.Id == practiceId).ToListAsync(),
            await db.Sites.All().AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).ToListAsync(),
            await db.StaffMembers.All().AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).ToListAsync(),
            await db.Users.AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).Select(u => new { u.Id, u.Email, u.Disabled, u.PasswordHash, u.AccessExpiresAt }).ToListAsync(),
            await db.UserRoles.AsNoTracking().Where(x => userIds.Contains(x.UserId)).OrderBy(x => x.UserId).ThenBy(x => x.RoleId).ToListAsync(),
            await db.Invitations.AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).ToListAsync(),
            await db.Requirements.All().AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).ToListAsync(),
            await db.Exemptions.All().AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).ToListAsync(),
            await db.Completions.All().AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).ToListAsync(),
            await db.Certificates.All().AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).ToListAsync(),
            await db.CourseProgress.All().AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.StaffMemberId).ToListAsync(),
            await db.AssessmentAttempts.All().AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).ToListAsync(),
            await db.LiveSessions.All().AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).ToListAsync(),
            await db.OutboxMessages.All().AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).ToListAsync(),
        ];
        return System.Text.Json.JsonSerializer.Serialize(everything);
    });
}
