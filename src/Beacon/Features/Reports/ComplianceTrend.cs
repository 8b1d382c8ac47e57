using Beacon.Data;
using Beacon.Features.Practices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Features.Reports;

/// <summary>
/// The share of requirement rows compliant at the end of one month, kept once the month has ended: the
/// point-in-time evaluation reads only what was recorded by then, so the figure can never change afterwards.
/// </summary>
public sealed class ComplianceTrendMonth : ITenantOwned
{
    public Guid PracticeId { get; set; }

    /// <summary>The last day of the month (the report's day).</summary>
    public DateOnly MonthEnd { get; set; }

    /// <summary>Rows that counted: every applicable row except exemptions.</summary>
    public int Counted { get; set; }

    /// <summary>Of those, compliant or due soon (nothing owed yet).</summary>
    public int Compliant { get; set; }

    public DateTime ComputedAt { get; set; }
}

internal sealed class ComplianceTrendMonthConfiguration : IEntityTypeConfiguration<ComplianceTrendMonth>
{
    public void Configure(EntityTypeBuilder<ComplianceTrendMonth> builder) =>
        builder.HasKey(m => new { m.PracticeId, m.MonthEnd });
}

/// <summary>One month of the trend: the day, how many rows counted and how many were compliant.</summary>
public sealed record TrendPoint(DateOnly MonthEnd, int Counted, int Compliant)
{
    /// <summary>Whole percent, rounded down so 99.6% never shows as 100%; null when nothing counted.</summary>
    public int? Percent => Counted == 0 ? null : (int)(100L * Compliant / Counted);

    public string Label => MonthEnd.ToString("MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-US"));
}

/// <summary>% compliant at the end of each of the last 12 ended months, from the point-in-time evaluation, cached per month.</summary>
public sealed class ComplianceTrend(BeaconDbContext db, PointInTimeReports reports, TimeProvider time)
{
    public const int Months = 12;

    public async Task<IReadOnlyList<TrendPoint>> LastTwelveMonthsAsync(Guid practiceId, CancellationToken cancellationToken)
    {
        var clock = await PracticeClock.ForPracticeAsync(db, practiceId, cancellationToken);
        var today = clock.Today(time);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var ends = Enumerable.Range(0, Months).Select(i => thisMonth.AddMonths(i - Months + 1).AddDays(-1)).ToList();
        var cached = await db.Set<ComplianceTrendMonth>().AsNoTracking()
            .Where(m => m.PracticeId == practiceId && ends.Contains(m.MonthEnd))
            .ToDictionaryAsync(m => m.MonthEnd, cancellationToken);

        var points = new List<TrendPoint>();
        foreach (var end in ends)
        {
            if (cached.TryGetValue(end, out var month))
            {
                points.Add(new TrendPoint(end, month.Counted, month.Compliant));
                continue;
            }
            var point = await EvaluateAsync(practiceId, end, cancellationToken);
            points.Add(point);
            await StoreAsync(practiceId, point, cancellationToken);
        }
        return points;
    }

    /// <summary>A month's figure straight from the evaluation, bypassing the cache.</summary>
    public async Task<TrendPoint> EvaluateAsync(Guid practiceId, DateOnly monthEnd, CancellationToken cancellationToken)
    {
        var report = await reports.PrepareAsync(practiceId, new ReportFilter(monthEnd), cancellationToken)
            ?? throw new InvalidOperationException($"Practice {practiceId} not found.");
        int counted = 0, compliant = 0;
        await foreach (var row in report.RowsAsync(cancellationToken: cancellationToken))
        {
            // The dashboard's definition: exempt, compliant and due soon count for; only overdue counts against.
            counted++;
            compliant += row.CountsAsCompliant || row.State == Requirements.DueState.Exempt ? 1 : 0;
        }
        return new TrendPoint(monthEnd, counted, compliant);
    }

    private async Task StoreAsync(Guid practiceId, TrendPoint point, CancellationToken cancellationToken)
    {
        var row = new ComplianceTrendMonth
        {
            PracticeId = practiceId,
            MonthEnd = point.MonthEnd,
            Counted = point.Counted,
            Compliant = point.Compliant,
            ComputedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request stored the same month first; both computed the same figure from the same history.
        }
        finally
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }
}
