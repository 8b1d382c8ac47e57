using System.Data.Common;
using System.Globalization;
using AngleSharp.Dom;
using Beacon.Data;
using Beacon.Features.Requirements;
using Beacon.Features.Roster;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Tests.Compliance;

public sealed class DashboardTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    private sealed record Counts(int Applicable, int Compliant, int UpToDate, int DueSoon, int Overdue, int Exempt)
    {
        public string Percent => Applicable == 0 ? "none" : (Math.Floor(Compliant * 1000m / Applicable) / 10m).ToString("0.0", CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>
    /// The independent computation: plain SQL over requirement_statuses, written from the page's stated definition
    /// (compliant = up to date + due soon + exempt over the assignments that apply), not from the app's query.
    /// </summary>
    private const string RawSql = """
        SELECT {key} AS k,
               COUNT(*) AS applicable,
               SUM(x.exempt) AS exempt,
               SUM(CASE WHEN x.exempt = 0 AND x.overdue_after IS NOT NULL AND x.overdue_after < @today THEN 1 ELSE 0 END) AS overdue,
               SUM(CASE WHEN x.exempt = 0 AND (x.overdue_after IS NULL OR x.overdue_after >= @today)
                         AND x.due_soon_from IS NOT NULL AND x.due_soon_from <= @today THEN 1 ELSE 0 END) AS due_soon
        FROM (SELECT rs.site_id, rs.job_role, rs.requirement_id, rs.overdue_after, rs.due_soon_from,
                     CASE WHEN rs.exempt_from IS NOT NULL AND rs.exempt_from <= @today
                               AND (rs.exempt_until IS NULL OR rs.exempt_until >= @today) THEN 1 ELSE 0 END AS exempt
              FROM requirement_statuses rs
              WHERE rs.practice_id = @practice AND rs.applies {where}) x
        {group}
        """;

    private static async Task<Dictionary<string, Counts>> RawAsync(BeaconApp app, Guid practiceId, string? key, Guid? site = null, string? role = null, DateOnly? today = null) =>
        await app.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            var where = (site is null ? "" : " AND rs.site_id = @site") + (role is null ? "" : " AND rs.job_role = @role");
            command.CommandText = RawSql
                .Replace("{key}", key is null ? "'all'" : "x." + key, StringComparison.Ordinal)
                .Replace("{where}", where, StringComparison.Ordinal)
                .Replace("{group}", key is null ? "" : "GROUP BY x." + key, StringComparison.Ordinal);
            var sqlite = app.Provider == DatabaseProvider.Sqlite;
            // SQLite keeps dates as ISO text and GUIDs as upper-case text; PostgreSQL has date and uuid.
            var day = today ?? Today;
            Add(command, "today", sqlite ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : day);
            Add(command, "practice", sqlite ? practiceId.ToString().ToUpperInvariant() : practiceId);
            if (site is { } s)
            {
                Add(command, "site", sqlite ? s.ToString().ToUpperInvariant() : s);
            }
            if (role is not null)
            {
                Add(command, "role", role);
            }
            var result = new Dictionary<string, Counts>(StringComparer.OrdinalIgnoreCase);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var applicable = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
                var exempt = Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture);
                var overdue = Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture);
                var dueSoon = Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture);
                var upToDate = applicable - exempt - overdue - dueSoon;
                result[Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!] =
                    new Counts(applicable, upToDate + dueSoon + exempt, upToDate, dueSoon, overdue, exempt);
            }
            return result;
        }, practiceId);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>The number a figure link shows (its first text; the rest is hidden text for screen readers).</summary>
    private static string Shown(IElement? link) => link?.FirstChild?.TextContent.Trim() ?? "missing";

    private static int Number(IElement? link) => int.Parse(Shown(link), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static Counts Read(IParentNode scope) => new(
        Number(scope.QuerySelector("a[data-figure=applicable]")),
        Number(scope.QuerySelector("a[data-figure=compliant]")),
        Number(scope.QuerySelector("a[data-figure=up-to-date]")),
        Number(scope.QuerySelector("a[data-figure=due-soon]")),
        Number(scope.QuerySelector("a[data-figure=overdue]")),
        Number(scope.QuerySelector("a[data-figure=exempt]")));

    private static Dictionary<string, (Counts Counts, string Percent)> Table(IDocument page, string id) =>
        page.QuerySelectorAll($"#{id} tbody tr").ToDictionary(
            row => row.QuerySelector("th")!.TextContent.Trim(),
            row => (Read(row), Shown(row.QuerySelector("a[data-figure=percent]"))));

    [Theory, DatabaseData]
    public async Task Every_dashboard_number_matches_an_independent_sql_count(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var seeded = await ComplianceSeed.BuildAsync(app);
        // Another practice's statuses must not leak into the figures.
        await ComplianceSeed.BuildAsync(app, staff: 12, seed: 99);
        var auditor = await app.SignInAsync(await app.CreateAccountAsync(seeded.PracticeId, "Auditor"));

        var page = await auditor.GetPageAsync("/practice/compliance");

        var overall = (await RawAsync(app, seeded.PracticeId, null))["all"];
        Assert.True(overall is { Overdue: > 0, DueSoon: > 0, Exempt: > 0, UpToDate: > 0 }, $"The seed should produce every state: {overall}");
        Assert.Equal(overall, Read(page.QuerySelector("#overall")!));
        Assert.Equal(overall.Percent, Shown(page.QuerySelector("#overall a[data-figure=percent]")));

        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [seeded.North.ToString()] = "North Clinic",
            [seeded.South.ToString()] = "South Clinic",
            [seeded.Annual.ToString()] = "Annual in-service",
            [seeded.NursesOnce.ToString()] = "Clinical orientation",
            [seeded.SouthYearly.ToString()] = "South yearly refresher",
        };
        foreach (var (table, column) in new[] { ("by-site", "site_id"), ("by-role", "job_role"), ("by-requirement", "requirement_id") })
        {
            var expected = (await RawAsync(app, seeded.PracticeId, column))
                .ToDictionary(e => column == "job_role" ? JobRoles.NameOf(e.Key) : names[e.Key], e => (e.Value, e.Value.Percent));
            var shown = Table(page, table);
            Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), shown.OrderBy(e => e.Key, StringComparer.Ordinal));
        }

        // Filters travel as GET parameters and narrow every figure.
        var filtered = await auditor.GetPageAsync($"/practice/compliance?site={seeded.South}&role=registered-nurse");
        var narrowed = (await RawAsync(app, seeded.PracticeId, null, seeded.South, "registered-nurse"))["all"];
        Assert.Equal(narrowed, Read(filtered.QuerySelector("#overall")!));
        Assert.Equal(narrowed.Overdue, Number(filtered.QuerySelector("#overall a[data-figure=overdue]")));
        Assert.Contains($"site={seeded.South}", filtered.QuerySelector("#overall a[data-figure=overdue]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains("role=registered-nurse", filtered.QuerySelector("#overall a[data-figure=overdue]")!.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Theory, DatabaseData]
    public async Task Kept_figures_follow_every_status_write_and_every_new_day(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var seeded = await ComplianceSeed.BuildAsync(app);
        var account = await app.CreateAccountAsync(seeded.PracticeId, "PracticeAdmin");
        var admin = await app.SignInAsync(account);

        // The first view counts and keeps the figures; the next is served from them, with the same numbers.
        var first = Read((await admin.GetPageAsync("/practice/compliance")).QuerySelector("#overall")!);
        Assert.Equal((await RawAsync(app, seeded.PracticeId, null))["all"], first);
        var kept = await app.WithDbAsync(db => db.ComplianceSnapshots.AsNoTracking().SingleAsync(), seeded.PracticeId);
        Assert.Equal(kept.DataVersion, kept.CellsVersion);
        Assert.Equal(Today, kept.CellsDay);
        Assert.Equal(first, Read((await admin.GetPageAsync("/practice/compliance")).QuerySelector("#overall")!));

        // A status write (new staff get their statuses in the same save) shows in the very next view.
        await app.WithDbAsync(async db =>
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            db.StaffMembers.AddRange(Enumerable.Range(0, 5).Select(i => new StaffMember
            {
                PracticeId = seeded.PracticeId, FirstName = "New", LastName = $"Hire{i}", Email = $"new{i}@example.test",
                JobRole = "registered-nurse", SiteId = seeded.North, CreatedAt = now, UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
        }, seeded.PracticeId);
        var afterWrite = Read((await admin.GetPageAsync("/practice/compliance")).QuerySelector("#overall")!);
        Assert.NotEqual(first, afterWrite);
        Assert.Equal((await RawAsync(app, seeded.PracticeId, null))["all"], afterWrite);
        var filtered = await admin.GetPageAsync($"/practice/compliance?site={seeded.North}&role=registered-nurse");
        Assert.Equal((await RawAsync(app, seeded.PracticeId, null, seeded.North, "registered-nurse"))["all"], Read(filtered.QuerySelector("#overall")!));

        // Days pass with no write at all: due soon turns overdue, and the figures follow the practice's new day.
        app.Time.SetUtcNow(app.Time.GetUtcNow().AddDays(45));
        var later = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")).DateTime);
        admin = await app.SignInAsync(account);
        var afterDays = Read((await admin.GetPageAsync("/practice/compliance")).QuerySelector("#overall")!);
        var expected = (await RawAsync(app, seeded.PracticeId, null, today: later))["all"];
        Assert.True(expected.Overdue > afterWrite.Overdue, $"The seed should have people turning overdue within 45 days: {afterWrite} then {expected}");
        Assert.Equal(expected, afterDays);
        kept = await app.WithDbAsync(db => db.ComplianceSnapshots.AsNoTracking().SingleAsync(), seeded.PracticeId);
        Assert.Equal(later, kept.CellsDay);
    }

    [Theory, DatabaseData]
    public async Task Each_number_links_to_exactly_the_people_it_counts(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var seeded = await ComplianceSeed.BuildAsync(app, staff: 40);
        var admin = await app.SignInAsync(await app.CreateAccountAsync(seeded.PracticeId, "PracticeAdmin"));
        var page = await admin.GetPageAsync("/practice/compliance");

        foreach (var figure in new[] { "applicable", "compliant", "up-to-date", "due-soon", "overdue", "exempt" })
        {
            var link = page.QuerySelector($"#overall a[data-figure={figure}]")!;
            var expected = Number(link);
            var rows = new List<string>();
            var url = link.GetAttribute("href");
            while (url is not null)
            {
                var list = await admin.GetPageAsync(url);
                rows.AddRange(list.QuerySelectorAll("table tbody tr").Select(r => r.QuerySelector("th a")!.GetAttribute("href") + " " + r.Children[1].TextContent.Trim()));
                url = list.QuerySelectorAll("nav[aria-label='Pages of people'] a.page-link").FirstOrDefault(a => a.TextContent.Trim() == "Next")?.GetAttribute("href");
            }
            Assert.Equal(expected, rows.Count);
            Assert.Equal(rows.Count, rows.Distinct().Count());
        }

        // The overdue list says so in words, gives the due date and the rule's own explanation, and links to the roster.
        var overdue = await admin.GetPageAsync("/practice/compliance/people?status=overdue");
        var row = overdue.QuerySelector("table tbody tr")!;
        Assert.Equal("Overdue", row.Children[2].TextContent.Trim());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", row.Children[3].TextContent.Trim());
        Assert.StartsWith("overdue by", row.Children[6].TextContent.Trim(), StringComparison.Ordinal);
        Assert.StartsWith("/roster/", row.QuerySelector("th a")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.NotNull(overdue.QuerySelector("table caption"));
        Assert.All(overdue.QuerySelectorAll("thead th"), th => Assert.Equal("col", th.GetAttribute("scope")));

        var exempt = await admin.GetPageAsync("/practice/compliance/people?status=exempt");
        Assert.All(exempt.QuerySelectorAll("table tbody tr"), r => Assert.StartsWith("exempt", r.Children[6].TextContent.Trim(), StringComparison.Ordinal));
    }

    [Theory, DatabaseData]
    public async Task Stored_states_agree_with_the_due_date_engine_for_every_person(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var seeded = await ComplianceSeed.BuildAsync(app);
        await app.WithDbAsync(async db =>
        {
            var stored = await StatusToday.Classify(db.RequirementStatuses.AsNoTracking(), Today).ToListAsync();
            var engine = await RequirementStatuses.ExplainAsync(db, seeded.PracticeId, [.. stored.Select(s => (s.StaffMemberId, s.RequirementId))], Today, CancellationToken.None);
            Assert.Equal(40 * 3, stored.Count);
            Assert.All(stored, s => Assert.True(engine[(s.StaffMemberId, s.RequirementId)].State == s.State,
                $"{s.StaffMemberId}/{s.RequirementId}: stored {s.State}, engine {engine[(s.StaffMemberId, s.RequirementId)]}"));
        }, seeded.PracticeId);
    }
}
