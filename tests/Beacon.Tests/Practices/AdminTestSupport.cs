using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Email;
using Beacon.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Practices;

/// <summary>Helpers for the practice-administration and provider-console tests.</summary>
public static partial class AdminTestSupport
{
    /// <summary>Posts a form of an admin page, taking the antiforgery token from a page the client can open.</summary>
    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string url, string tokenPage, params KeyValuePair<string, string>[] fields) =>
        client.PostFormAsync(url, fields, tokenPage);

    public static async Task<string> TextAsync(this HttpClient client, string url) =>
        (await client.GetPageAsync(url)).Body!.TextContent;

    public static string Text(this IDocument document) => document.Body!.TextContent;

    public static async Task<string> BodyTextAsync(this HttpResponseMessage response) =>
        (await ParseAsync(response)).Body!.TextContent;

    /// <summary>A 200, or the app's errors in the failure message.</summary>
    public static void AssertOk(this BeaconApp app, HttpResponseMessage response)
    {
        var errors = string.Join("\n", app.Logs.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode} {response.Headers.Location}\n{errors}");
    }

    public static void AssertRedirect(HttpResponseMessage response, string location)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect to {location}, got {(int)response.StatusCode}");
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    public static void AssertRedirectStartsWith(HttpResponseMessage response, string prefix)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect to {prefix}…, got {(int)response.StatusCode}");
        // The cookie handler answers with an absolute address; what matters is the path on this host.
        var location = new Uri(new Uri("http://localhost"), response.Headers.Location!);
        Assert.Equal("localhost", location.Host);
        Assert.StartsWith(prefix, location.PathAndQuery, StringComparison.Ordinal);
    }

    /// <summary>A practice administrator of a fresh practice, signed in.</summary>
    public static async Task<(PracticeSeed Practice, AccountSeed Admin, HttpClient Client)> SignedInAdminAsync(this BeaconApp app, int staff = 3)
    {
        var practice = await app.CreatePracticeAsync(staff: staff);
        var admin = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin, Roles.Learner);
        return (practice, admin, await app.SignInAsync(admin));
    }

    /// <summary>Invites through the people page, as an administrator would.</summary>
    public static async Task<HttpResponseMessage> InviteAsync(this HttpClient client, string email, string name, params string[] roles)
    {
        var fields = new List<KeyValuePair<string, string>> { F("Invite.Email", email), F("Invite.DisplayName", name) };
        fields.AddRange(roles.Select(r => F("Invite.Roles", r)));
        return await client.PostFormAsync("/practice/people?handler=Invite", fields, "/practice/people");
    }

    public static Task<List<Invitation>> InvitationsToAsync(this BeaconApp app, string email) =>
        app.WithDbAsync(db => db.Invitations.AsNoTracking().Where(i => i.Email == email).OrderBy(i => i.CreatedAt).ToListAsync());

    public static Task<List<OutboxMessage>> MessagesToAsync(this BeaconApp app, string email) =>
        app.WithDbAsync(db => db.OutboxMessages.All().AsNoTracking().Where(m => m.ToAddress == email).OrderBy(m => m.CreatedAt).ToListAsync());

    public static Task<List<AuditEntry>> AuditAsync(this BeaconApp app, Guid practiceId, string action) =>
        app.WithDbAsync(db => db.AuditEntries.All().AsNoTracking().Where(e => e.PracticeId == practiceId && e.Action == action).OrderBy(e => e.Sequence).ToListAsync());

    public static async Task<IList<string>> RolesOfAsync(this BeaconApp app, Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.GetRolesAsync((await users.FindByIdAsync(userId.ToString()))!);
    }

    /// <summary>The invitation link in a delivered email, and its token.</summary>
    public static (string Link, string Token) InvitationLink(MimeMessage message)
    {
        var match = InvitationLinkPattern().Match(message.TextBody ?? "");
        Assert.True(match.Success, "The email carries no invitation link.");
        return (match.Value, Uri.UnescapeDataString(match.Groups[1].Value));
    }

    [GeneratedRegex(@"http://localhost/account/accept-invitation\?token=([A-Za-z0-9_\-%]+)")]
    private static partial Regex InvitationLinkPattern();
}
