using System.Diagnostics;
using System.Globalization;
using Beacon.Bench;
using Beacon.Data;
using Beacon.Features.Audit;
using Beacon.Features.Compliance;
using Beacon.Features.Practices;
using Beacon.Features.Requirements;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Npgsql;

// Beacon.Bench dashboard --provider Postgres|Sqlite --owner <conn> [--app <conn>] [--staff 50000] [--pairs 5] [--seed 20260302]
// Loads the PERFORMANCE.md data set, fills the statuses with the app's own refresh code, then times the dashboard's
// data path (the page's LoadAsync) against the best hand-written SQL aggregate, alternating A B A B after a warm-up.
var options = Args.Parse(args);
var provider = Enum.Parse<DatabaseProvider>(options.Get("provider", "Postgres"), ignoreCase: true);
var owner = options.Get("owner", "");
var app = options.Get("app", owner);
var largeStaff = int.Parse(options.Get("staff", provider == DatabaseProvider.Postgres ? "50000" : "2000"), CultureInfo.InvariantCulture);
var pairs = int.Parse(options.Get("pairs", "5"), CultureInfo.InvariantCulture);
var seed = int.Parse(options.Get("seed", "20260302"), CultureInfo.InvariantCulture);
// A fixed instant, so the same seed gives the same statuses and figures on every run.
var now = new DateTime(2026, 3, 2, 15, 0, 0, DateTimeKind.Utc);
var today = new DateOnly(2026, 3, 2);
var completionsPerStaff = 20; // 1,000,000 completions for 50,000 staff over five years

var log = (string line) => Console.WriteLine(line);
var clock = Stopwatch.StartNew();

BeaconDbContext Context(string connection, Guid? practiceId)
{
    var tenant = new TenantContext();
    if (practiceId is { } id)
    {
        tenant.ActForPractice(id);
    }
    else
    {
        tenant.ActAsSystem();
    }
    var builder = new DbContextOptionsBuilder<BeaconDbContext>();
    DataExtensions.Configure(builder, provider, connection);
    if (provider == DatabaseProvider.Postgres)
    {
        builder.AddInterceptors(new PostgresTenantInterceptor(tenant));
    }
    return new BeaconDbContext(builder.Options, tenant, new AuditActor(new HttpContextAccessor()), TimeProvider.System);
}

// --- 1. Schema ---------------------------------------------------------------------------------------------
await using (var db = Context(owner, null))
{
    await db.Database.EnsureDeletedAsync();
    await db.Database.MigrateAsync();
}
if (provider == DatabaseProvider.Postgres && app != owner)
{
    var role = new NpgsqlConnectionStringBuilder(app).Username;
    await using var connection = new NpgsqlConnection(owner);
    await connection.OpenAsync();
    await using var grant = connection.CreateCommand();
    grant.CommandText = $"GRANT USAGE ON SCHEMA public TO \"{role}\"; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \"{role}\";";
    await grant.ExecuteNonQueryAsync();
}
log($"schema ready in {clock.Elapsed.TotalSeconds:F1} s");

// --- 2. Data: one large practice and four of 1,000 staff ---------------------------------------------------
var generator = new Generator(seed, today);
PracticeSpec[] specs =
[
    new("Large practice", largeStaff, 20, 12, 5, largeStaff * completionsPerStaff),
    .. Enumerable.Range(1, 4).Select(i => new PracticeSpec($"Practice {i}", 1000, 3, 12, 5, 1000 * completionsPerStaff)),
];
var practices = new List<(Guid Id, PracticeSpec Spec, List<Guid> Requirements)>();
long totalCompletions = 0;
foreach (var spec in specs)
{
    Guid practiceId;
    List<Guid> siteIds;
    List<Guid> requirementIds;
    await using (var db = Context(owner, null))
    {
        var practice = new Practice { Name = spec.Name, StateCode = "TX", TimeZoneId = "America/Chicago", CreatedAt = now };
        db.Practices.Add(practice);
        await db.SaveChangesAsync();
        practiceId = practice.Id;
        var sites = Enumerable.Range(1, spec.Sites).Select(i => new Site { PracticeId = practiceId, Name = $"Site {i:D2}", CreatedAt = now }).ToList();
        db.Sites.AddRange(sites);
        var requirements = Requirements(practiceId, Generator.Roles(spec.Roles)).Take(spec.Requirements).ToList();
        db.Requirements.AddRange(requirements);
        await db.SaveChangesAsync();
        siteIds = [.. sites.Select(s => s.Id)];
        requirementIds = [.. requirements.Select(r => r.Id)];
    }
    var people = generator.People(practiceId, siteIds, Generator.Roles(spec.Roles), spec.Staff);
    var done = generator.Completions(people, spec.Completions).ToList();
    totalCompletions += done.Count;
    await Load.PeopleAsync(provider, owner, people, now);
    await Load.CompletionsAsync(provider, owner, done, now);
    practices.Add((practiceId, spec, requirementIds));
    log($"{spec.Name}: {people.Count:N0} staff, {siteIds.Count} sites, {spec.Roles} roles, {requirementIds.Count} requirements, {done.Count:N0} completions loaded at {clock.Elapsed.TotalSeconds:F1} s");
}

// --- 3. Statuses through the app's own refresh code --------------------------------------------------------
var refresh = Stopwatch.StartNew();
foreach (var (practiceId, _, requirementIds) in practices)
{
    await using var db = Context(owner, null);
    await RequirementStatuses.RefreshAsync(db, practiceId, [], requirementIds, now, CancellationToken.None);
}
await using (var db = Context(owner, null))
{
    var statuses = await db.RequirementStatuses.IgnoreQueryFilters().CountAsync();
    log($"requirement_statuses: {statuses:N0} rows written by RequirementStatuses.RefreshAsync in {refresh.Elapsed.TotalSeconds:F1} s");
    if (provider == DatabaseProvider.Postgres)
    {
        await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
    }
    else
    {
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
    }
}

// --- 4. The dashboard: app path (A) against hand-written SQL (B) -------------------------------------------
var large = practices[0].Id;
async Task<(TimeSpan Time, string Numbers)> AppPathAsync()
{
    var watch = Stopwatch.StartNew();
    await using var db = Context(app, large);
    var data = await DashboardModel.LoadAsync(db, large, now, new ComplianceFilter(), CancellationToken.None);
    watch.Stop();
    var o = data.Figures.Overall;
    return (watch.Elapsed, $"{o.Applicable}/{o.UpToDate}/{o.DueSoon}/{o.Overdue}/{o.Exempt} in {data.Figures.BySite.Count} sites, {data.Figures.ByRole.Count} roles, {data.Figures.ByRequirement.Count} requirements");
}
async Task<(TimeSpan Time, string Numbers)> HandWrittenAsync()
{
    var watch = Stopwatch.StartNew();
    var cells = await Baseline.CellsAsync(provider, app, large, today);
    watch.Stop();
    var figures = ComplianceFigures.From(cells);
    var o = figures.Overall;
    return (watch.Elapsed, $"{o.Applicable}/{o.UpToDate}/{o.DueSoon}/{o.Overdue}/{o.Exempt} in {figures.BySite.Count} sites, {figures.ByRole.Count} roles, {figures.ByRequirement.Count} requirements");
}

await using (var db = Context(app, large))
{
    var sql = StatusToday.Classify(new ComplianceFilter().Apply(db.RequirementStatuses.AsNoTracking().Where(s => s.Applies)), today)
        .GroupBy(s => new { s.SiteId, s.JobRole, s.RequirementId, s.State })
        .Select(g => new { g.Key, Count = g.Count() }).ToQueryString();
    log("app SQL:\n" + sql);
}
var counter = new Baseline.CountingListener();
for (var i = 0; i < 2; i++)
{
    var a = await AppPathAsync();
    var b = await HandWrittenAsync();
    if (a.Numbers != b.Numbers)
    {
        throw new InvalidOperationException($"The app and the hand-written SQL disagree: {a.Numbers} against {b.Numbers}");
    }
    if (i == 0)
    {
        log($"figures (applicable/up to date/due soon/overdue/exempt): {a.Numbers}");
    }
}
// The dashboard keeps its figures per practice (ComplianceSnapshots): a repeated view reads them ("warm"), the
// first view after a status write or on a new day recounts and keeps them ("cold"). Both are timed against B:
// each pair invalidates the kept figures exactly as a status write does, then A cold, B, A warm, B.
async Task InvalidateAsync()
{
    await using var db = Context(owner, null);
    await ComplianceSnapshots.InvalidateAsync(db, large, CancellationToken.None);
}
await InvalidateAsync();
counter.Start();
await AppPathAsync();
var coldQueries = counter.Stop();
counter.Start();
await AppPathAsync();
var queries = counter.Stop();
var ratios = new List<double>();
var appTimes = new List<double>();
var sqlTimes = new List<double>();
var coldRatios = new List<double>();
var coldTimes = new List<double>();
for (var i = 0; i < pairs; i++)
{
    await InvalidateAsync();
    var cold = await AppPathAsync();
    var b1 = await HandWrittenAsync();
    var a = await AppPathAsync();
    var b = await HandWrittenAsync();
    if (cold.Numbers != b1.Numbers || a.Numbers != b.Numbers)
    {
        throw new InvalidOperationException($"The app and the hand-written SQL disagree: {cold.Numbers} / {a.Numbers} against {b.Numbers}");
    }
    coldTimes.Add(cold.Time.TotalMilliseconds);
    coldRatios.Add(cold.Time.TotalMilliseconds / b1.Time.TotalMilliseconds);
    appTimes.Add(a.Time.TotalMilliseconds);
    sqlTimes.Add(b.Time.TotalMilliseconds);
    ratios.Add(a.Time.TotalMilliseconds / b.Time.TotalMilliseconds);
    log($"pair {i + 1}: cold (first view after a change) {cold.Time.TotalMilliseconds:F1} ms, hand-written {b1.Time.TotalMilliseconds:F1} ms, ratio {coldRatios[^1]:F3}; " +
        $"warm (repeated view) {a.Time.TotalMilliseconds:F1} ms, hand-written {b.Time.TotalMilliseconds:F1} ms, ratio {ratios[^1]:F3}");
}

// The steps of a warm view apart (fresh context as a request makes; the connection opens with the RLS set_config).
var steps = new Dictionary<string, List<double>>();
for (var i = 0; i < pairs; i++)
{
    var lap = Stopwatch.StartNew();
    void Lap(string name)
    {
        (steps.TryGetValue(name, out var list) ? list : steps[name] = []).Add(lap.Elapsed.TotalMilliseconds);
        lap.Restart();
    }
    await using var db = Context(app, large);
    await db.Database.OpenConnectionAsync();
    Lap("context + open + set_config");
    var day = await RequirementStatuses.TodayAsync(db, large, now, CancellationToken.None);
    Lap("today");
    await db.Sites.AsNoTracking().OrderBy(x => x.Name).Select(x => new ComplianceOption(x.Id, x.Name, x.Active)).ToListAsync();
    Lap("sites");
    await db.Requirements.AsNoTracking().OrderBy(x => x.Name).Select(x => new ComplianceOption(x.Id, x.Name, x.Active)).ToListAsync();
    Lap("requirements");
    var kept = await ComplianceSnapshots.CellsAsync(db, large, day, now, CancellationToken.None);
    ComplianceFigures.From(kept);
    Lap("kept figures + roll-up");
}
log("STEPS (warm view, medians): " + string.Join(", ", steps.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Key} {Median(x.Value):F2} ms"))));

// Breakdown (after the timed pairs, so they are unchanged): the app's aggregate query alone (C, ComplianceFigures
// on a fresh context, without the page's today/sites/requirements reads) against the same hand-written SQL, to
// tell the aggregate's own cost from the page's other queries.
var aggregateRatios = new List<double>();
for (var i = 0; i < pairs; i++)
{
    var watch = Stopwatch.StartNew();
    await using (var db = Context(app, large))
    {
        await ComplianceFigures.ComputeAsync(db, today, new ComplianceFilter(), CancellationToken.None);
    }
    watch.Stop();
    var b = await HandWrittenAsync();
    aggregateRatios.Add(watch.Elapsed.TotalMilliseconds / b.Time.TotalMilliseconds);
    log($"aggregate only, pair {i + 1}: app aggregate {watch.Elapsed.TotalMilliseconds:F1} ms, hand-written {b.Time.TotalMilliseconds:F1} ms, ratio {aggregateRatios[^1]:F3}");
}
static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
var label = provider == DatabaseProvider.Postgres ? "P2 (PostgreSQL)" : "P7 (SQLite)";
log($"RESULT {label}: staff {largeStaff:N0}, completions {totalCompletions:N0}, pairs {pairs}, warm (repeated view) ratio min {ratios.Min():F3} median {Median(ratios):F3} max {ratios.Max():F3}; " +
    $"app median {Median(appTimes):F1} ms, hand-written median {Median(sqlTimes):F1} ms; queries per dashboard load {queries}");
log($"RESULT-COLD {label}: first view after a status write or on a new day, ratio min {coldRatios.Min():F3} median {Median(coldRatios):F3} max {coldRatios.Max():F3}; " +
    $"app median {Median(coldTimes):F1} ms; queries {coldQueries}");
log($"BREAKDOWN {label}: app aggregate alone against hand-written, ratio min {aggregateRatios.Min():F3} median {Median(aggregateRatios):F3} max {aggregateRatios.Max():F3}");

static IEnumerable<Requirement> Requirements(Guid practiceId, IReadOnlyList<string> roles)
{
    var starts = new DateOnly(2021, 1, 1);
    yield return new Requirement { PracticeId = practiceId, Name = "Annual in-service", CourseId = "ht-medical-practice", Frequency = Frequency.EveryMonths, Months = 12, GraceDays = 14, StartsOn = starts };
    yield return new Requirement { PracticeId = practiceId, Name = "Yearly by March 31", CourseId = "ht-medical-practice", Frequency = Frequency.YearlyByDate, FixedMonth = 3, FixedDay = 31, StartsOn = starts };
    yield return new Requirement { PracticeId = practiceId, Name = "Clinical refresher every two years", CourseId = "ht-medical-practice", Track = "clinical", Frequency = Frequency.EveryMonths, Months = 24, Roles = string.Join(',', roles.Take(6)), StartsOn = starts };
    yield return new Requirement { PracticeId = practiceId, Name = "Orientation", CourseId = "ht-medical-practice", Frequency = Frequency.Once, StartsOn = starts };
    yield return new Requirement { PracticeId = practiceId, Name = "Front office annual", CourseId = "ht-medical-practice", Frequency = Frequency.EveryMonths, Months = 12, DueSoonDays = 60, Roles = string.Join(',', roles.Skip(6)), StartsOn = starts };
}
