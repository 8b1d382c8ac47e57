using Beacon.Features.Accounts;
using Beacon.Features.Learning;
using Beacon.Features.Requirements;
using Beacon.Tests.Infrastructure;

namespace Beacon.Tests.Reports;

/// <summary>A practice with a yearly in-service requirement, an administrator, and helpers to record history.</summary>
public static class ReportSeed
{
    public const string Course = "ht-medical-practice";

    public static async Task<(PracticeSeed Practice, Requirement Requirement, AccountSeed Admin)> PracticeWithRequirementAsync(this BeaconApp app, int staff = 4)
    {
        var practice = await app.CreatePracticeAsync(staff: staff);
        var requirement = new Requirement
        {
            PracticeId = practice.PracticeId,
            Name = "Annual in-service",
            CourseId = Course,
            Frequency = Frequency.EveryMonths,
            Months = 12,
            NewHireDays = 30,
            StartsOn = new DateOnly(2026, 1, 1),
        };
        await app.WithDbAsync(async db =>
        {
            db.Requirements.Add(requirement);
            await db.SaveChangesAsync();
        }, practice.PracticeId);
        var admin = await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin);
        return (practice, requirement, admin);
    }

    /// <summary>A completion on <paramref name="day"/>, recorded now (the app's clock).</summary>
    public static Task CompleteAsync(this BeaconApp app, Guid practiceId, Guid staffId, DateOnly day) => app.WithDbAsync(async db =>
    {
        db.Completions.Add(new Completion
        {
            PracticeId = practiceId,
            StaffMemberId = staffId,
            CourseId = Course,
            Version = "1.0.0",
            Track = "clinical",
            CompletedOn = day,
            CompletedAt = app.Time.GetUtcNow().UtcDateTime,
            CeHours = 1,
        });
        await db.SaveChangesAsync();
    }, practiceId);

    public static Task<Exemption> ExemptAsync(this BeaconApp app, Guid practiceId, Guid requirementId, Guid staffId, DateOnly from, DateOnly? until, string reason) =>
        app.WithDbAsync(async db =>
        {
            var exemption = new Exemption { PracticeId = practiceId, RequirementId = requirementId, StaffMemberId = staffId, From = from, Until = until, Reason = reason, CreatedAt = app.Time.GetUtcNow().UtcDateTime };
            db.Exemptions.Add(exemption);
            await db.SaveChangesAsync();
            return exemption;
        }, practiceId);

    public static Task<string> StringAsync(this HttpClient client, string url) => client.GetStringAsync(new Uri(url, UriKind.Relative));

    public static async Task<byte[]> BytesAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The CSV without its "Generated at" line (the only part that depends on when it was run).</summary>
    public static string WithoutGeneratedAt(string csv) =>
        string.Join("\r\n", csv.Split("\r\n").Where(l => !l.StartsWith("Generated at,", StringComparison.Ordinal)));

    /// <summary>The value of a facts line ("Data SHA-256,…") of a CSV report.</summary>
    public static string Fact(string csv, string label) =>
        csv.Split("\r\n").Single(l => l.StartsWith(label + ",", StringComparison.Ordinal))[(label.Length + 1)..];
}
