using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Beacon.Data;
using Beacon.Features.Compliance;
using Beacon.Features.Learning;
using Beacon.Features.Requirements;
using Beacon.Features.Roster;
using Beacon.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Tests.Compliance;

/// <summary>
/// The dashboard's kept figures follow each status write for a few people without a recount, and the day job
/// counts a practice's new day before its first view. Every check compares the kept cells with plain SQL over
/// requirement_statuses written from the dashboard's stated definition, not with the app's own query.
/// </summary>
public sealed class KeptFiguresTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    /// <summary>Counts of one site × role × requirement group: up to date, due soon, overdue, exempt.</summary>
    private sealed record Group(int UpToDate, int DueSoon, int Overdue, int Exempt);

    private const string RawSql = """
        SELECT x.site_id, x.job_role, x.requirement_id,
               COUNT(*) AS applicable,
               SUM(x.exempt) AS exempt,
               SUM(CASE WHEN x.exempt = 0 AND x.overdue_after IS NOT NULL AND x.overdue_after < @today THEN 1 ELSE 0 END) AS overdue,
               SUM(CASE WHEN x.exempt = 0 AND (x.overdue_after IS NULL OR x.overdue_after >= @today)
                         AND x.due_soon_from IS NOT NULL AND x.due_soon_from <= @today THEN 1 ELSE 0 END) AS due_soon
        FROM (SELECT rs.site_id, rs.job_role, rs.requirement_id, rs.overdue_after, rs.due_soon_from,
                     CASE WHEN rs.exempt_from IS NOT NULL AND rs.exempt_from <= @today
                               AND (rs.exempt_until IS NULL OR rs.exempt_until >= @today) THEN 1 ELSE 0 END AS exempt
              FROM requirement_statuses rs
              WHERE rs.practice_id = @practice AND rs.applies) x
        GROUP BY x.site_id, x.job_role, x.requirement_id
        """;

    /// <summary>The independent recount of every group for <paramref name="day"/>.</summary>
    private static Task<SortedDictionary<string, Group>> RecountAsync(BeaconApp app, Guid practiceId, DateOnly day) =>
        app.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = RawSql;
            var sqlite = app.Provider == DatabaseProvider.Sqlite;
            Add(command, "today", sqlite ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : day);
            Add(command, "practice", sqlite ? practiceId.ToString().ToUpperInvariant() : practiceId);
            var groups = new SortedDictionary<string, Group>(StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                int Number(int i) => Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture);
                var (applicable, exempt, overdue, dueSoon) = (Number(3), Number(4), Number(5), Number(6));
                var key = Key(Guid.Parse(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!), reader.GetString(1), Guid.Parse(Convert.ToString(reader.GetValue(2), CultureInfo.InvariantCulture)!));
                groups[key] = new Group(applicable - exempt - overdue - dueSoon, dueSoon, overdue, exempt);
            }
            return groups;
        }, practiceId);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string Key(Guid site, string role, Guid requirement) =>
        $"{site.ToString().ToUpperInvariant()}|{role}|{requirement.ToString().ToUpperInvariant()}";

    private sealed record Kept(long DataVersion, long? CellsVersion, DateOnly? CellsDay, DateTime? ComputedAt, SortedDictionary<string, Group>? Groups)
    {
        public bool Current => Groups is not null && CellsVersion == DataVersion;
    }

    /// <summary>The practice's kept row, its JSON cells ([site, role, requirement, state, count]) read here, not by the app.</summary>
    private static Task<Kept> KeptAsync(BeaconApp app, Guid practiceId) =>
        app.WithDbAsync(async db =>
        {
            var row = await db.ComplianceSnapshots.AsNoTracking().SingleAsync(s => s.PracticeId == practiceId);
            SortedDictionary<string, Group>? groups = null;
            if (row.Cells is not null)
            {
                groups = new SortedDictionary<string, Group>(StringComparer.Ordinal);
                using var json = JsonDocument.Parse(row.Cells);
                foreach (var cell in json.RootElement.EnumerateArray())
                {
                    var key = Key(cell[0].GetGuid(), cell[1].GetString()!, cell[2].GetGuid());
                    var count = cell[4].GetInt32();
                    Assert.True(count > 0, $"A kept group of zero or less: {cell}");
                    var group = groups.GetValueOrDefault(key, new Group(0, 0, 0, 0));
                    groups[key] = (DueState)cell[3].GetInt32() switch
                    {
                        DueState.Compliant => group with { UpToDate = group.UpToDate + count },
                        DueState.DueSoon => group with { DueSoon = group.DueSoon + count },
                        DueState.Overdue => group with { Overdue = group.Overdue + count },
                        DueState.Exempt => group with { Exempt = group.Exempt + count },
                        var other => throw new InvalidOperationException($"A kept cell in state {other}"),
                    };
                }
            }
            return new Kept(row.DataVersion, row.CellsVersion, row.CellsDay, row.ComputedAt, groups);
        }, practiceId);

    /// <summary>The kept cells are current and equal a recount for the day they were counted for.</summary>
    private static async Task<Kept> AssertKeptEqualsRecountAsync(BeaconApp app, Guid practiceId, string step)
    {
        var kept = await KeptAsync(app, practiceId);
        Assert.True(kept.Current, $"{step}: the kept figures are out of date (data {kept.DataVersion}, cells {kept.CellsVersion})");
        var recount = await RecountAsync(app, practiceId, kept.CellsDay!.Value);
        Assert.True(recount.SequenceEqual(kept.Groups!),
            $"{step}: kept {string.Join("; ", kept.Groups!.Select(g => $"{g.Key}={g.Value}"))} against recount {string.Join("; ", recount.Select(g => $"{g.Key}={g.Value}"))}");
        return kept;
    }

    private static DateOnly LocalToday(BeaconApp app, string zone = "America/Chicago") =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime);

    private static async Task<(BeaconApp App, Func<CommandCounter> Counter)> StartCountingAsync(DatabaseProvider provider)
    {
        CommandCounter? counter = null;
        var app = await BeaconApp.StartAsync(provider, a => a.WithServices(services =>
            services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp =>
                counter = new CommandCounter(sp.GetRequiredService<IHttpContextAccessor>(), "/practice/compliance"))));
        return (app, () => counter!);
    }

    /// <summary>The overall figures the dashboard shows, as "applicable/up to date/due soon/overdue/exempt".</summary>
    private static async Task<string> ShownAsync(HttpClient client)
    {
        var page = await client.GetPageAsync("/practice/compliance");
        return string.Join('/', new[] { "applicable", "up-to-date", "due-soon", "overdue", "exempt" }
            .Select(f => page.QuerySelector($"#overall a[data-figure={f}]")!.FirstChild!.TextContent.Trim().Replace(",", "", StringComparison.Ordinal)));
    }

    private static string Overall(SortedDictionary<string, Group> groups)
    {
        var (u, d, o, e) = (groups.Values.Sum(g => g.UpToDate), groups.Values.Sum(g => g.DueSoon), groups.Values.Sum(g => g.Overdue), groups.Values.Sum(g => g.Exempt));
        return $"{u + d + o + e}/{u}/{d}/{o}/{e}";
    }

    [Theory, DatabaseData]
    public async Task A_completion_an_exemption_or_a_roster_change_keeps_the_figures_current_without_a_recount(DatabaseProvider provider)
    {
        var (app, counter) = await StartCountingAsync(provider);
        await using var _ = app;
        var seeded = await ComplianceSeed.BuildAsync(app);
        var admin = await app.SignInAsync(await app.CreateAccountAsync(seeded.PracticeId, "PracticeAdmin"));
        await ShownAsync(admin);
        var before = await AssertKeptEqualsRecountAsync(app, seeded.PracticeId, "first view");
        var now = app.Time.GetUtcNow().UtcDateTime;

        // Someone overdue on the annual in-service completes it today.
        var overdue = await app.WithDbAsync(db => StatusToday.Classify(db.RequirementStatuses.AsNoTracking(), Today)
            .Where(s => s.State == DueState.Overdue && s.RequirementId == seeded.Annual).Select(s => s.StaffMemberId).FirstAsync(), seeded.PracticeId);
        var writes = new (string Name, Func<BeaconDbContext, Task> Write)[]
        {
            ("completion", async db =>
            {
                db.Completions.Add(new Completion
                {
                    PracticeId = seeded.PracticeId, StaffMemberId = overdue, CourseId = "ht-medical-practice", Version = "1.0.0",
                    Track = Learners.ClinicalTrack, CompletedOn = Today, CompletedAt = now, CeHours = 1,
                });
                await db.SaveChangesAsync();
            }),
            ("exemption", async db =>
            {
                db.Exemptions.Add(new Exemption
                {
                    PracticeId = seeded.PracticeId, StaffMemberId = seeded.Practice.StaffIds[10], RequirementId = seeded.Annual,
                    From = Today.AddDays(-3), Until = Today.AddDays(60), Reason = "parental leave", CreatedAt = now,
                });
                await db.SaveChangesAsync();
            }),
            ("roster: another site and role", async db =>
            {
                var person = await db.StaffMembers.SingleAsync(s => s.Id == seeded.Practice.StaffIds[11]);
                person.SiteId = person.SiteId == seeded.North ? seeded.South : seeded.North;
                person.JobRole = person.JobRole == "physician" ? "registered-nurse" : "physician";
                await db.SaveChangesAsync();
            }),
            ("roster: a leaver", async db =>
            {
                var person = await db.StaffMembers.SingleAsync(s => s.Id == seeded.Practice.StaffIds[14]);
                person.Active = false;
                person.DeactivatedAt = now;
                await db.SaveChangesAsync();
            }),
        };
        foreach (var (name, write) in writes)
        {
            await app.WithDbAsync(write, seeded.PracticeId);
            var kept = await AssertKeptEqualsRecountAsync(app, seeded.PracticeId, name);
            Assert.Equal(Today, kept.CellsDay);
            Assert.True(kept.DataVersion > before.DataVersion, $"{name}: the data version did not move");
            Assert.NotEqual(before.Groups, kept.Groups);
            counter().Reset();
            var shown = await ShownAsync(admin);
            Assert.Equal(QueryCountTests.DashboardQueries, counter().Count);
            Assert.Equal(Overall(await RecountAsync(app, seeded.PracticeId, Today)), shown);
            before = kept;
        }
    }

    [Theory, DatabaseData]
    public async Task A_random_run_of_writes_views_and_new_days_always_leaves_figures_equal_to_a_recount(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var seeded = await ComplianceSeed.BuildAsync(app, staff: 24, seed: 11);
        var account = await app.CreateAccountAsync(seeded.PracticeId, "PracticeAdmin");
        var admin = await app.SignInAsync(account);
        await ShownAsync(admin);
        await AssertKeptEqualsRecountAsync(app, seeded.PracticeId, "first view");

        var random = new Random(20260302);
        var requirements = new[] { seeded.Annual, seeded.NursesOnce, seeded.SouthYearly };
        var roles = new[] { "registered-nurse", "front-desk", "physician", "billing" };
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var step = 1; step <= 50; step++)
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            var today = LocalToday(app);
            var staff = await app.WithDbAsync(db => db.StaffMembers.AsNoTracking().OrderBy(s => s.EmployeeId).ThenBy(s => s.Id).Select(s => s.Id).ToListAsync(), seeded.PracticeId);
            var person = staff[random.Next(staff.Count)];
            var kind = random.Next(9) switch
            {
                0 or 1 => "completion",
                2 => "exemption",
                3 => "exemption ended",
                4 => "site",
                5 => "role",
                6 => "active",
                7 => "new hire",
                _ => "hire date",
            };
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            await app.WithDbAsync(async db =>
            {
                switch (kind)
                {
                    case "completion":
                        db.Completions.Add(new Completion
                        {
                            PracticeId = seeded.PracticeId, StaffMemberId = person, CourseId = "ht-medical-practice", Version = "1.0.0",
                            Track = random.Next(3) == 0 ? Learners.ClinicalTrack : Learners.NonClinicalTrack,
                            CompletedOn = today.AddDays(-random.Next(0, 500)), CompletedAt = now, CeHours = 1,
                        });
                        break;
                    case "exemption":
                        var from = today.AddDays(random.Next(-60, 30));
                        db.Exemptions.Add(new Exemption
                        {
                            PracticeId = seeded.PracticeId, StaffMemberId = person, RequirementId = requirements[random.Next(requirements.Length)],
                            From = from, Until = random.Next(3) == 0 ? null : from.AddDays(random.Next(0, 90)), Reason = "leave", CreatedAt = now,
                        });
                        break;
                    case "exemption ended":
                        var open = await db.Exemptions.Where(e => e.EndedAt == null).OrderBy(e => e.Id).ToListAsync();
                        if (open.Count > 0)
                        {
                            open[random.Next(open.Count)].EndedAt = now;
                        }
                        else
                        {
                            (await db.StaffMembers.SingleAsync(s => s.Id == person)).UpdatedAt = now;
                        }
                        break;
                    case "new hire":
                        db.StaffMembers.Add(new StaffMember
                        {
                            PracticeId = seeded.PracticeId, FirstName = "New", LastName = $"Hire{step}", Email = $"hire{step}@example.test",
                            EmployeeId = $"N{step:D3}", JobRole = roles[random.Next(roles.Length)], SiteId = random.Next(2) == 0 ? seeded.North : seeded.South,
                            HireDate = today.AddDays(-random.Next(0, 60)), CreatedAt = now, UpdatedAt = now,
                        });
                        break;
                    default:
                        var member = await db.StaffMembers.SingleAsync(s => s.Id == person);
                        switch (kind)
                        {
                            case "site":
                                member.SiteId = member.SiteId == seeded.North ? seeded.South : seeded.North;
                                break;
                            case "role":
                                member.JobRole = roles[random.Next(roles.Length)];
                                break;
                            case "active":
                                member.Active = !member.Active;
                                member.DeactivatedAt = member.Active ? null : now;
                                break;
                            default:
                                member.HireDate = today.AddDays(-random.Next(0, 120));
                                break;
                        }
                        member.UpdatedAt = now;
                        break;
                }
                await db.SaveChangesAsync();
            }, seeded.PracticeId);
            // Every write here is for one person: the figures stay current, for the day they were counted for.
            await AssertKeptEqualsRecountAsync(app, seeded.PracticeId, $"step {step} ({kind})");

            if (random.Next(3) == 0)
            {
                Assert.Equal(Overall(await RecountAsync(app, seeded.PracticeId, today)), await ShownAsync(admin));
                var kept = await AssertKeptEqualsRecountAsync(app, seeded.PracticeId, $"view after step {step}");
                Assert.Equal(today, kept.CellsDay);
            }
            if (random.Next(10) == 0)
            {
                // A new practice day: later writes move the cells kept for the old day until a view counts again.
                app.Time.Advance(TimeSpan.FromDays(1));
                admin = await app.SignInAsync(account);
            }
        }
        Assert.True(kinds.Count >= 8, $"The run should exercise every kind of write: {string.Join(", ", kinds)}");
    }

    [Theory, DatabaseData]
    public async Task Concurrent_writes_and_views_leave_figures_equal_to_a_recount(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var seeded = await ComplianceSeed.BuildAsync(app, staff: 30);
        var admin = await app.SignInAsync(await app.CreateAccountAsync(seeded.PracticeId, "PracticeAdmin"));
        await ShownAsync(admin);
        var now = app.Time.GetUtcNow().UtcDateTime;

        // Twelve completions (two people twice) saved at once on their own connections, with views in between.
        var writers = Enumerable.Range(0, 12).Select(i => Task.Run(() => app.WithDbAsync(async db =>
        {
            db.Completions.Add(new Completion
            {
                PracticeId = seeded.PracticeId, StaffMemberId = seeded.Practice.StaffIds[i % 10], CourseId = "ht-medical-practice", Version = "1.0.0",
                Track = Learners.ClinicalTrack, CompletedOn = Today.AddDays(-i), CompletedAt = now, CeHours = 1,
            });
            await db.SaveChangesAsync();
        }, seeded.PracticeId))).ToList();
        var views = Enumerable.Range(0, 4).Select(_ => Task.Run(() => ShownAsync(admin))).ToList();
        await Task.WhenAll(writers.Concat(views));

        await AssertKeptEqualsRecountAsync(app, seeded.PracticeId, "after concurrent writes");
        Assert.Equal(Overall(await RecountAsync(app, seeded.PracticeId, Today)), await ShownAsync(admin));
    }

    [Theory, DatabaseData]
    public async Task The_day_job_counts_a_practice_whose_day_changed_and_leaves_a_current_one_alone(DatabaseProvider provider)
    {
        var (app, counter) = await StartCountingAsync(provider);
        await using var _ = app;
        var chicago = await ComplianceSeed.BuildAsync(app, staff: 30);
        var hawaii = await ComplianceSeed.BuildAsync(app, staff: 12, seed: 3);
        await app.WithDbAsync(async db =>
        {
            var practice = await db.Practices.SingleAsync(p => p.Id == hawaii.PracticeId);
            practice.TimeZoneId = "Pacific/Honolulu";
            await db.SaveChangesAsync();
        });
        var chicagoAccount = await app.CreateAccountAsync(chicago.PracticeId, "PracticeAdmin");
        var hawaiiAdmin = await app.SignInAsync(await app.CreateAccountAsync(hawaii.PracticeId, "PracticeAdmin"));
        await ShownAsync(await app.SignInAsync(chicagoAccount));
        await ShownAsync(hawaiiAdmin);
        // A practice whose dashboard was never opened is not counted by the job.
        var unopened = await ComplianceSeed.BuildAsync(app, staff: 5, seed: 5);

        using (var scope = app.Services.CreateScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<ComplianceDayRefresh>().RunAsync(app.Time.GetUtcNow(), CancellationToken.None));
        }

        // 06:30 UTC on March 3: already March 3 in Chicago, still March 2 in Honolulu.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 3, 3, 6, 30, 0, TimeSpan.Zero));
        var hawaiiBefore = await AssertKeptEqualsRecountAsync(app, hawaii.PracticeId, "Honolulu before the job");
        Assert.Equal(Today, LocalToday(app, "Pacific/Honolulu"));
        var chicagoDay = LocalToday(app);
        Assert.Equal(Today.AddDays(1), chicagoDay);
        Assert.Equal(Today, (await KeptAsync(app, chicago.PracticeId)).CellsDay);

        using (var scope = app.Services.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ComplianceDayRefresh>().RunAsync(app.Time.GetUtcNow(), CancellationToken.None));
        }
        var chicagoKept = await AssertKeptEqualsRecountAsync(app, chicago.PracticeId, "Chicago after the job");
        Assert.Equal(chicagoDay, chicagoKept.CellsDay);
        var hawaiiAfter = await KeptAsync(app, hawaii.PracticeId);
        Assert.Equal((hawaiiBefore.DataVersion, hawaiiBefore.CellsVersion, hawaiiBefore.CellsDay, hawaiiBefore.ComputedAt), (hawaiiAfter.DataVersion, hawaiiAfter.CellsVersion, hawaiiAfter.CellsDay, hawaiiAfter.ComputedAt));
        Assert.Null((await KeptAsync(app, unopened.PracticeId)).CellsDay);

        // Chicago's first view of its new day reads what the job kept: no recount.
        var chicagoAdmin = await app.SignInAsync(chicagoAccount);
        counter().Reset();
        var shown = await ShownAsync(chicagoAdmin);
        Assert.Equal(QueryCountTests.DashboardQueries, counter().Count);
        Assert.Equal(Overall(await RecountAsync(app, chicago.PracticeId, chicagoDay)), shown);

        // A whole-practice write (a new requirement) marks the figures out of date; the next run counts them.
        await app.WithDbAsync(async db =>
        {
            var at = app.Time.GetUtcNow().UtcDateTime;
            db.Requirements.Add(new Requirement
            {
                PracticeId = chicago.PracticeId, Name = "Front desk refresher", CourseId = "ht-medical-practice", Frequency = Frequency.EveryMonths,
                Months = 12, Roles = "front-desk", StartsOn = new DateOnly(2025, 1, 1), CreatedAt = at, UpdatedAt = at,
            });
            await db.SaveChangesAsync();
        }, chicago.PracticeId);
        Assert.False((await KeptAsync(app, chicago.PracticeId)).Current);
        using (var scope = app.Services.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ComplianceDayRefresh>().RunAsync(app.Time.GetUtcNow(), CancellationToken.None));
        }
        Assert.Equal(chicagoDay, (await AssertKeptEqualsRecountAsync(app, chicago.PracticeId, "Chicago after a new requirement and the job")).CellsDay);
    }
}
