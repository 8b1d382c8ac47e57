using System.Data.Common;
using Beacon.Data;
using Beacon.Features.Roster;
using Beacon.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Tests.Compliance;

/// <summary>Counts the database commands run while serving requests under one path (not background work).</summary>
public sealed class CommandCounter(IHttpContextAccessor http, string pathPrefix) : DbCommandInterceptor
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    private void Seen()
    {
        if (http.HttpContext?.Request.Path.StartsWithSegments(pathPrefix, StringComparison.OrdinalIgnoreCase) == true)
        {
            Interlocked.Increment(ref _count);
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Seen();
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Seen();
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Seen();
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}

public sealed class QueryCountTests
{
    /// <summary>
    /// A repeated view: session check, the header's unread notifications, practice time zone, sites, requirements,
    /// the kept figures, and the trend (time zone, cached months); kept fixed here and in docs/benchmarks.md.
    /// </summary>
    public const int DashboardQueries = 9;

    /// <summary>
    /// The first view of a new practice day before the day job has run (or after a whole-practice write) also counts
    /// the aggregate and keeps it. A status write for a few people keeps the figures current: the next view is a
    /// repeated view (<see cref="DashboardQueries"/>).
    /// </summary>
    public const int DashboardQueriesToRecount = DashboardQueries + 2;

    [Theory, DatabaseData]
    public async Task The_dashboard_runs_the_same_few_queries_whatever_the_staff_count(DatabaseProvider provider)
    {
        CommandCounter? counter = null;
        await using var app = await BeaconApp.StartAsync(provider, a => a.WithServices(services =>
            services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp =>
                counter = new CommandCounter(sp.GetRequiredService<IHttpContextAccessor>(), "/practice/compliance"))));
        var seeded = await ComplianceSeed.BuildAsync(app, staff: 6);
        var account = await app.CreateAccountAsync(seeded.PracticeId, "PracticeAdmin");
        var admin = await app.SignInAsync(account);

        await admin.GetPageAsync("/practice/compliance");
        counter!.Reset();
        var small = await admin.GetPageAsync("/practice/compliance");
        var fewStaff = counter.Count;

        // Fifteen times the staff.
        await app.WithDbAsync(async db =>
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            db.StaffMembers.AddRange(Enumerable.Range(0, 90).Select(i => new StaffMember
            {
                PracticeId = seeded.PracticeId, FirstName = "Extra", LastName = $"Person{i:D3}", Email = $"extra{i}@example.test",
                JobRole = i % 3 == 0 ? "physician" : "front-desk", SiteId = i % 2 == 0 ? seeded.North : seeded.South,
                CreatedAt = now, UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
        }, seeded.PracticeId);
        counter.Reset();
        var large = await admin.GetPageAsync($"/practice/compliance?site={seeded.North}");
        var afterChange = counter.Count;
        counter.Reset();
        await admin.GetPageAsync($"/practice/compliance?site={seeded.North}");
        var manyStaff = counter.Count;
        Assert.Equal(DashboardQueries, afterChange);

        Assert.NotEqual(small.QuerySelector("#overall a[data-figure=applicable]")!.TextContent, large.QuerySelector("#overall a[data-figure=applicable]")!.TextContent);
        Assert.Equal(fewStaff, manyStaff);
        Assert.True(manyStaff <= DashboardQueries, $"The dashboard ran {manyStaff} queries; at most {DashboardQueries} expected.");

        // A new practice day before the day job has counted it: the view counts and keeps, and the next one reads.
        app.Time.Advance(TimeSpan.FromDays(1));
        admin = await app.SignInAsync(account);
        counter.Reset();
        await admin.GetPageAsync("/practice/compliance");
        Assert.Equal(DashboardQueriesToRecount, counter.Count);
        counter.Reset();
        await admin.GetPageAsync("/practice/compliance");
        Assert.Equal(DashboardQueries, counter.Count);

        // The drill-down is paged: its query count does not grow with the staff either.
        counter.Reset();
        await admin.GetPageAsync("/practice/compliance/people?status=applicable");
        var firstList = counter.Count;
        counter.Reset();
        await admin.GetPageAsync("/practice/compliance/people?status=applicable&p=2");
        Assert.Equal(firstList, counter.Count);
    }
}
