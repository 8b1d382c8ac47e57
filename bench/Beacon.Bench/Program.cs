using System.Diagnostics;
using System.Globalization;
using Beacon.Bench;
using Beacon.Data;
using Beacon.Features.Audit;
using Beacon.Features.Compliance;
using Beacon.Features.Learning;
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

// The app's clock for saves (status refresh, audit): the benchmark's fixed instant.
var clockAtNow = new FixedTime(new DateTimeOffset(now, TimeSpan.Zero));

BeaconDbContext Context(string connection, Guid? practiceId, TenantContext? tenant = null)
{
    tenant ??= new TenantContext();
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
    return new BeaconDbContext(builder.Options, tenant, new AuditActor(new HttpContextAccessor()), clockAtNow);
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
    return (watch.Elapsed, Describe(data.Figures));
}
// The overall figures, then (after " | ") every site's, role's and requirement's, so A and B must agree on all.
static string Describe(ComplianceFigures f)
{
    var o = f.Overall;
    static string Counts(ComplianceCounts c) => $"{c.Applicable}/{c.UpToDate}/{c.DueSoon}/{c.Overdue}/{c.Exempt}";
    return $"{Counts(o)} in {f.BySite.Count} sites, {f.ByRole.Count} roles, {f.ByRequirement.Count} requirements | "
        + string.Join(";", f.BySite.OrderBy(x => x.Key).Select(x => $"{x.Key}={Counts(x.Value)}")) + " "
        + string.Join(";", f.ByRole.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key}={Counts(x.Value)}")) + " "
        + string.Join(";", f.ByRequirement.OrderBy(x => x.Key).Select(x => $"{x.Key}={Counts(x.Value)}"));
}
static string Overall(string numbers) => numbers.Split(" | ")[0];
async Task<(TimeSpan Time, string Numbers)> HandWrittenAsync()
{
    var watch = Stopwatch.StartNew();
    var cells = await Baseline.CellsAsync(provider, app, large, today);
    watch.Stop();
    return (watch.Elapsed, Describe(ComplianceFigures.From(cells)));
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
        log($"figures (applicable/up to date/due soon/overdue/exempt): {Overall(a.Numbers)}");
    }
}
// The dashboard keeps its figures per practice (ComplianceSnapshots): a status write for a few people moves them
// on in its own transaction, so the first view after it reads them like a repeated view. Each pair makes a REAL
// status write through the app's path (for one person, saved with BeaconDbContext as the app's pages do; the
// save refreshes that person's statuses and the kept figures), then times A after the
// write, B, A again (repeated view), B.
// People due soon or overdue on a rolling requirement (every 12 or 24 months): a completion today makes them up
// to date, so the figures move. When there are too few, others fill in: their completion is still a real
// status write (their statuses are rewritten and the kept figures moved on), only the figures stay the same.
var rolling = new[] { practices[0].Requirements[0], practices[0].Requirements[2], practices[0].Requirements[4] };
List<Guid> writePeople;
int dueCount;
await using (var db = Context(owner, null))
{
    writePeople = await db.RequirementStatuses.IgnoreQueryFilters().AsNoTracking()
        .Where(s => s.PracticeId == large && rolling.Contains(s.RequirementId) && s.Applies
            && ((s.OverdueAfter != null && s.OverdueAfter < today) || (s.DueSoonFrom != null && s.DueSoonFrom <= today)))
        .Select(s => s.StaffMemberId).Distinct().OrderBy(id => id).Take(pairs + 1).ToListAsync();
    dueCount = writePeople.Count;
    writePeople.AddRange(await db.StaffMembers.IgnoreQueryFilters().AsNoTracking()
        .Where(s => s.PracticeId == large && s.Active && !writePeople.Contains(s.Id)).OrderBy(s => s.Id).Select(s => s.Id)
        .Take(pairs + 1 - dueCount).ToListAsync());
}
log($"status writes: {Math.Min(dueCount, pairs + 1)} of {pairs + 1} for people due soon or overdue on a rolling requirement");
// Pairs take turns between three kinds of status write, each saved as the app's pages save it: a completion
// (learning), an exemption (requirements pages), a move to another site (roster).
string[] writeKinds = ["completion", "exemption", "site move"];
var writeTimes = new List<double>();
async Task WriteAsync(Guid person, int kind)
{
    var watch = Stopwatch.StartNew();
    await using var db = Context(app, large);
    switch (kind)
    {
        case 0:
            db.Completions.Add(new Completion
            {
                PracticeId = large, StaffMemberId = person, CourseId = "ht-medical-practice", Version = "1.0.0",
                Track = "clinical", CompletedOn = today, CompletedAt = now, CeHours = 1,
            });
            break;
        case 1:
            db.Exemptions.Add(new Exemption
            {
                PracticeId = large, StaffMemberId = person, RequirementId = rolling[0], From = today, Until = today.AddDays(30),
                Reason = "medical leave", CreatedAt = now,
            });
            break;
        default:
            var member = await db.StaffMembers.SingleAsync(s => s.Id == person);
            var sites = await db.Sites.AsNoTracking().OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
            member.SiteId = sites[(sites.IndexOf(member.SiteId) + 1) % sites.Count];
            member.UpdatedAt = now;
            break;
    }
    await db.SaveChangesAsync();
    writeTimes.Add(watch.Elapsed.TotalMilliseconds);
}
await WriteAsync(writePeople[^1], 0);
writeTimes.Clear();
counter.Start();
await AppPathAsync();
var coldQueries = counter.Stop();
counter = new Baseline.CountingListener();
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
    var before = (await HandWrittenAsync()).Numbers;
    await WriteAsync(writePeople[i], i % writeKinds.Length);
    var cold = await AppPathAsync();
    var b1 = await HandWrittenAsync();
    var a = await AppPathAsync();
    var b = await HandWrittenAsync();
    if (cold.Numbers != b1.Numbers || a.Numbers != b.Numbers)
    {
        throw new InvalidOperationException($"The app and the hand-written SQL disagree after a {writeKinds[i % writeKinds.Length]}: {cold.Numbers} / {a.Numbers} against {b1.Numbers} / {b.Numbers}");
    }
    if ((i % writeKinds.Length != 0 || i < dueCount) && b1.Numbers == before)
    {
        throw new InvalidOperationException($"The status write ({writeKinds[i % writeKinds.Length]}) changed no figure: {Overall(before)}");
    }
    coldTimes.Add(cold.Time.TotalMilliseconds);
    coldRatios.Add(cold.Time.TotalMilliseconds / b1.Time.TotalMilliseconds);
    appTimes.Add(a.Time.TotalMilliseconds);
    sqlTimes.Add(b.Time.TotalMilliseconds);
    ratios.Add(a.Time.TotalMilliseconds / b.Time.TotalMilliseconds);
    log($"pair {i + 1}: status write ({writeKinds[i % writeKinds.Length]} for one person, saved) {writeTimes[^1]:F1} ms, overall now {Overall(b1.Numbers)}; first view after it {cold.Time.TotalMilliseconds:F1} ms, hand-written {b1.Time.TotalMilliseconds:F1} ms, ratio {coldRatios[^1]:F3}; " +
        $"repeated view {a.Time.TotalMilliseconds:F1} ms, hand-written {b.Time.TotalMilliseconds:F1} ms, ratio {ratios[^1]:F3}");
}

// For context: a new practice day. The kept figures are made a day old (as they are after the practice's
// midnight); the first view before the day job has run recounts (A new day, B); then the day job's run for
// the practice is timed, and the view after it is timed against B too.
async Task AgeKeptFiguresAsync()
{
    await using var db = Context(owner, null);
    await db.Database.ExecuteSqlAsync($"UPDATE compliance_snapshots SET cells_day = {today.AddDays(-1)} WHERE practice_id = {large}");
}
var newDayRatios = new List<double>();
var newDayTimes = new List<double>();
var jobTimes = new List<double>();
var afterJobRatios = new List<double>();
var newDayQueries = 0;
for (var i = 0; i < pairs; i++)
{
    await AgeKeptFiguresAsync();
    if (i == 0)
    {
        counter = new Baseline.CountingListener();
        counter.Start();
    }
    var fresh = await AppPathAsync();
    if (i == 0)
    {
        newDayQueries = counter.Stop();
    }
    var b = await HandWrittenAsync();
    newDayTimes.Add(fresh.Time.TotalMilliseconds);
    newDayRatios.Add(fresh.Time.TotalMilliseconds / b.Time.TotalMilliseconds);

    await AgeKeptFiguresAsync();
    var watch = Stopwatch.StartNew();
    var tenant = new TenantContext();
    await using (var db = Context(app, null, tenant))
    {
        var refreshed = await new ComplianceDayRefresh(db, tenant).RunAsync(new DateTimeOffset(now, TimeSpan.Zero), CancellationToken.None);
        if (refreshed != 1)
        {
            throw new InvalidOperationException($"The day job stored {refreshed} practices' figures; 1 expected.");
        }
    }
    jobTimes.Add(watch.Elapsed.TotalMilliseconds);
    var afterJob = await AppPathAsync();
    var b2 = await HandWrittenAsync();
    if (fresh.Numbers != b.Numbers || afterJob.Numbers != b2.Numbers)
    {
        throw new InvalidOperationException($"The app and the hand-written SQL disagree on a new day: {fresh.Numbers} / {afterJob.Numbers} against {b.Numbers}");
    }
    afterJobRatios.Add(afterJob.Time.TotalMilliseconds / b2.Time.TotalMilliseconds);
    log($"new day {i + 1}: first view before the day job {fresh.Time.TotalMilliseconds:F1} ms, hand-written {b.Time.TotalMilliseconds:F1} ms, ratio {newDayRatios[^1]:F3}; " +
        $"day job for the practice {jobTimes[^1]:F1} ms; first view after it {afterJob.Time.TotalMilliseconds:F1} ms, hand-written {b2.Time.TotalMilliseconds:F1} ms, ratio {afterJobRatios[^1]:F3}");
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
log($"RESULT-AFTER-WRITE {label}: first view after a status write for one person saved through the app (completion, exemption, site move in turn), ratio min {coldRatios.Min():F3} median {Median(coldRatios):F3} max {coldRatios.Max():F3}; " +
    $"app median {Median(coldTimes):F1} ms; queries {coldQueries}; the write itself median {Median(writeTimes):F1} ms");
log($"RESULT-NEW-DAY {label}: first view of a new practice day before the day job (recount), ratio min {newDayRatios.Min():F3} median {Median(newDayRatios):F3} max {newDayRatios.Max():F3}; " +
    $"app median {Median(newDayTimes):F1} ms; queries {newDayQueries}; day job for the practice median {Median(jobTimes):F1} ms; " +
    $"first view after the day job ratio min {afterJobRatios.Min():F3} median {Median(afterJobRatios):F3} max {afterJobRatios.Max():F3}");
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

/// <summary>A clock standing still at the benchmark's instant, so saves refresh statuses for the same day every run.</summary>
internal sealed class FixedTime(DateTimeOffset at) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => at;
}
