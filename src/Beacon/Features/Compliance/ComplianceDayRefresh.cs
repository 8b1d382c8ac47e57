using System.Linq.Expressions;
using Beacon.Data;
using Beacon.Features.Requirements;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Compliance;

/// <summary>
/// Scheduled every 15 minutes: counts again the kept dashboard figures of every practice whose local day has
/// changed since they were counted (due soon and overdue move with the calendar), so the first view of a
/// practice day normally finds them current instead of recounting. Practices whose figures were marked out of
/// date by a whole-practice write (a new requirement) are counted too. Which practices is found with one query
/// for all of them (the days of the practices' time zones worked out first); each one then costs one count and
/// one write. Only practices whose dashboard has been counted at least once are kept warm.
/// </summary>
public sealed class ComplianceDayRefresh(BeaconDbContext db, TenantContext tenant)
{
    public const string WorkName = "compliance-new-day";

    /// <summary>A practice's kept figures as the discovery query sees them.</summary>
    private sealed class Kept
    {
        public Guid PracticeId { get; init; }
        public string TimeZoneId { get; init; } = "";
        public long DataVersion { get; init; }
        public long? CellsVersion { get; init; }
        public DateOnly? CellsDay { get; init; }
    }

    /// <summary>Refreshes what is out of date at <paramref name="now"/>; returns the practices whose figures were stored.</summary>
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        tenant.ActAsSystem();
        var zones = await db.Practices.AsNoTracking().Select(p => p.TimeZoneId).Distinct().ToListAsync(cancellationToken);
        if (zones.Count == 0)
        {
            return 0;
        }
        var days = zones.ToDictionary(z => z, z => RequirementStatuses.TodayIn(z, now), StringComparer.Ordinal);

        // One condition per distinct local day (at most three at any instant): the zones on that day whose
        // practices' cells are for another day or out of date.
        Expression<Func<Kept, bool>>? stale = null;
        foreach (var group in days.GroupBy(d => d.Value, d => d.Key))
        {
            var inZones = group.ToList();
            var day = group.Key;
            Expression<Func<Kept, bool>> condition = k => inZones.Contains(k.TimeZoneId)
                && (k.CellsDay == null || k.CellsDay != day || k.CellsVersion == null || k.CellsVersion != k.DataVersion);
            stale = stale is null ? condition : Or(stale, condition);
        }
        var due = await db.ComplianceSnapshots.IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.ComputedAt != null)
            .Join(db.Practices.AsNoTracking(), s => s.PracticeId, p => p.Id, (s, p) => new Kept
            {
                PracticeId = s.PracticeId,
                TimeZoneId = p.TimeZoneId,
                DataVersion = s.DataVersion,
                CellsVersion = s.CellsVersion,
                CellsDay = s.CellsDay,
            })
            .Where(stale!)
            .ToListAsync(cancellationToken);

        var stored = 0;
        var at = now.UtcDateTime;
        foreach (var practice in due)
        {
            // The version was read before counting (as a view does): a status write committed since has moved it on,
            // and then these cells are not stored (that write kept the figures current or marked them out of date).
            var day = days[practice.TimeZoneId];
            var cells = await ComplianceFigures.Cells(db.RequirementStatuses.IgnoreQueryFilters().AsNoTracking().Where(s => s.PracticeId == practice.PracticeId), day)
                .ToListAsync(cancellationToken);
            stored += await ComplianceSnapshots.StoreAsync(db, practice.PracticeId, practice.DataVersion, day, cells, at, cancellationToken);
        }
        return stored;
    }

    private static Expression<Func<Kept, bool>> Or(Expression<Func<Kept, bool>> left, Expression<Func<Kept, bool>> right)
    {
        var parameter = left.Parameters[0];
        var body = new Rebind(right.Parameters[0], parameter).Visit(right.Body);
        return Expression.Lambda<Func<Kept, bool>>(Expression.OrElse(left.Body, body), parameter);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
