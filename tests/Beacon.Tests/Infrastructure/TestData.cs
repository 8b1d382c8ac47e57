using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Practices;
using Beacon.Features.Requirements;
using Beacon.Features.Roster;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Infrastructure;

public sealed record PracticeSeed(Guid PracticeId, string Name, Guid[] SiteIds, Guid[] StaffIds);

public sealed record AccountSeed(Guid UserId, string Email, string Password);

/// <summary>Arranges data through Beacon's own services, with names unique to the test.</summary>
public static class TestData
{
    /// <summary>
    /// The reminder tests' requirement: the course every 12 months rolling, due <paramref name="newHireDays"/> after
    /// hire for people hired after <paramref name="startsOn"/>.
    /// </summary>
    public static Requirement YearlyInService(Guid practiceId, DateOnly startsOn, int newHireDays = 30, int graceDays = 0) => new()
    {
        PracticeId = practiceId,
        Name = "Annual human-trafficking in-service",
        CourseId = "ht-medical-practice",
        Frequency = Frequency.EveryMonths,
        Months = 12,
        NewHireDays = newHireDays,
        GraceDays = graceDays,
        StartsOn = startsOn,
    };

    public const string Password = "correct horse battery staple";

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    public static string UniqueEmail(string prefix = "person") => $"{Unique(prefix)}@example.test";

    /// <summary>A practice with two sites and <paramref name="staff"/> people on its roster.</summary>
    public static Task<PracticeSeed> CreatePracticeAsync(this BeaconApp app, string? name = null, int staff = 3, bool requireAdminMfa = false) =>
        app.WithDbAsync(async db =>
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            var practice = new Practice { Name = name ?? Unique("Practice"), StateCode = "TX", TimeZoneId = "America/Chicago", RequireAdminMfa = requireAdminMfa, CreatedAt = now };
            db.Practices.Add(practice);
            await db.SaveChangesAsync();
            Site[] sites =
            [
                new() { PracticeId = practice.Id, Name = "North Clinic", CreatedAt = now },
                new() { PracticeId = practice.Id, Name = "South Clinic", CreatedAt = now },
            ];
            db.Sites.AddRange(sites);
            var people = Enumerable.Range(1, staff).Select(i => new StaffMember
            {
                PracticeId = practice.Id,
                FirstName = $"Person{i}",
                LastName = Unique("Staff"),
                Email = UniqueEmail("staff"),
                EmployeeId = $"E{i:D4}",
                JobRole = i % 2 == 0 ? "front-desk" : "registered-nurse",
                SiteId = sites[i % 2].Id,
                HireDate = new DateOnly(2024, 1, 1).AddDays(i),
                CreatedAt = now,
                UpdatedAt = now,
            }).ToList();
            db.StaffMembers.AddRange(people);
            await db.SaveChangesAsync();
            return new PracticeSeed(practice.Id, practice.Name, [.. sites.Select(s => s.Id)], [.. people.Select(p => p.Id)]);
        });

    /// <summary>An account in a practice (or a provider admin when practiceId is null) with the given roles.</summary>
    public static async Task<AccountSeed> CreateAccountAsync(this BeaconApp app, Guid? practiceId, params string[] roles)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        if (practiceId is { } id)
        {
            tenant.ActForPractice(id);
        }
        else
        {
            tenant.ActAsSystem();
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = UniqueEmail(roles.FirstOrDefault()?.ToLowerInvariant() ?? "user");
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "Test " + (roles.FirstOrDefault() ?? "User"),
            PracticeId = practiceId,
            CreatedAt = app.Time.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        if (roles.Length > 0)
        {
            await users.AddToRolesAsync(user, roles);
        }
        return new AccountSeed(user.Id, email, Password);
    }

    /// <summary>Signs in through the real form; returns the client holding the session cookie.</summary>
    public static async Task<HttpClient> SignInAsync(this BeaconApp app, AccountSeed account)
    {
        var client = app.NewClient();
        var response = await client.PostFormAsync("/account/sign-in", [F("Input.Email", account.Email), F("Input.Password", account.Password)]);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in answered {(int)response.StatusCode}");
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        return client;
    }

    public static async Task<string> AuthenticatorKeyAsync(this BeaconApp app, Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActAsSystem();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId.ToString());
        return (await users.GetAuthenticatorKeyAsync(user!))!;
    }

    /// <summary>The TOTP code an authenticator app would show at the app's current (fake) time.</summary>
    public static string TotpCode(this BeaconApp app, string key, TimeSpan? offset = null) =>
        new Totp(Base32Encoding.ToBytes(key)).ComputeTotp((app.Time.GetUtcNow() + (offset ?? TimeSpan.Zero)).UtcDateTime);
}
