using System.Diagnostics;
using System.Globalization;
using Beacon.Data;
using Beacon.Features.Practices;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Reminders;

/// <summary>
/// Produces due reminders for every practice whose sending hours have come, and folds them into emails and
/// notifications. Safe to run any number of times and on several nodes at once: ledger rows are inserted
/// set-based (one statement per kind of reminder, never a query per person) with the ledger's key
/// refusing repeats, each practice is handled in one transaction serialised per practice, and an email per
/// recipient and day is guarded by its own key. The scheduler calls <see cref="RunAsync"/> every 15 minutes.
/// </summary>
public sealed class ReminderScan(BeaconDbContext db, TenantContext tenant, ReminderFolding folding, ILogger<ReminderScan> logger)
{
    /// <summary>The name of the scan in the scheduler.</summary>
    public const string WorkName = "reminder-scan";

    public async Task<ReminderScanResult> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        tenant.ActAsSystem();
        var practices = await db.Practices.AsNoTracking().Where(p => p.Active).Select(p => new { p.Id, p.TimeZoneId }).ToListAsync(cancellationToken);
        var settings = await db.ReminderSettings.IgnoreQueryFilters().AsNoTracking().ToDictionaryAsync(s => s.PracticeId, cancellationToken);

        int scanned = 0, added = 0, emails = 0, notifications = 0;
        TimeSpan ledgerTime = TimeSpan.Zero, foldingTime = TimeSpan.Zero;
        foreach (var practice in practices)
        {
            var ladder = ReminderLadder.From(settings.GetValueOrDefault(practice.Id) ?? ReminderSettings.Defaults(practice.Id));
            // "Today" and the hour are the practice's own, from its IANA zone: correct on both sides of a DST change.
            var local = TimeZoneInfo.ConvertTime(now, PracticeClock.For(practice.TimeZoneId).Zone);
            if (local.Hour < ladder.EarliestHour || local.Hour >= ladder.LatestHour)
            {
                continue;
            }
            scanned++;
            var today = DateOnly.FromDateTime(local.DateTime);
            var outcome = await ScanPracticeAsync(practice.Id, ladder, today, local.Hour, now.UtcDateTime, cancellationToken);
            added += outcome.Added;
            emails += outcome.Emails;
            notifications += outcome.Notifications;
            ledgerTime += outcome.LedgerTime;
            foldingTime += outcome.FoldingTime;
        }
        if (added > 0 || emails > 0)
        {
            logger.LogInformation("Reminder scan: {Practices} practices in their sending hours, {Rows} reminders produced, {Emails} emails queued", scanned, added, emails);
        }
        return new ReminderScanResult(scanned, added, emails, notifications, ledgerTime, foldingTime);
    }

    private async Task<(int Added, int Emails, int Notifications, TimeSpan LedgerTime, TimeSpan FoldingTime)> ScanPracticeAsync(Guid practiceId, ReminderLadder ladder, DateOnly today, int hour, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            // One node at a time per practice; another node waits here and then finds nothing left to do.
            var key = BitConverter.ToInt64(practiceId.ToByteArray(), 8);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
        }
        // SQLite: the first statement below is a write, and Beacon's SQLite transactions begin immediate,
        // so writers queue on the database lock instead of failing to upgrade.
        var started = Stopwatch.GetTimestamp();
        var added = 0;
        foreach (var statement in ReminderStatements.For(db.Database.IsNpgsql(), practiceId, ladder, today, hour, now))
        {
            added += await db.Database.ExecuteSqlAsync(statement, cancellationToken);
        }
        var ledgerTime = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        var (emails, notifications) = await folding.FoldAsync(practiceId, today, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var foldingTime = Stopwatch.GetElapsedTime(started);
        db.ChangeTracker.Clear();
        return (added, emails, notifications, ledgerTime, foldingTime);
    }
}

/// <summary>
/// The set-based statements of one practice's scan: INSERT … SELECT from the materialised statuses, skipping
/// what the ledger already holds (NOT EXISTS) and, should a concurrent scan race it, ON CONFLICT DO NOTHING.
/// Every value is a parameter. The two providers differ only in date arithmetic for the overdue week number.
/// </summary>
public static class ReminderStatements
{
    private const string Insert = "INSERT INTO reminder_ledger (practice_id, person_id, requirement_id, cycle, kind, audience, local_day, created_at) ";

    private const string NotInLedger = """
         WHERE NOT EXISTS (SELECT 1 FROM reminder_ledger l WHERE l.practice_id = x.practice_id AND l.person_id = x.person_id
           AND l.requirement_id = x.requirement_id AND l.cycle = x.cycle AND l.kind = x.kind)
        ON CONFLICT DO NOTHING
        """;

    /// <param name="hour">The practice's local hour now; learners with a later preferred hour wait, except in the last hour of the window.</param>
    public static IEnumerable<FormattableString> For(bool postgres, Guid practiceId, ReminderLadder ladder, DateOnly today, int hour, DateTime now)
    {
        var hourLimit = hour >= ladder.LatestHour - 1 ? 24 : hour;

        // 1. Before the due date: one statement for every rung, the CASE naming the rung whose window holds the date.
        // Rung k covers due dates in (today + next smaller rung, today + k]; the smallest rung also covers today itself.
        var before = new SqlText().Add(Insert).Add("SELECT x.practice_id, x.person_id, x.requirement_id, x.cycle, x.kind, x.audience, x.local_day, x.created_at FROM (SELECT s.practice_id, s.staff_member_id AS person_id, s.requirement_id, s.due_on AS cycle, CASE");
        foreach (var day in ladder.BeforeDays.Reverse())
        {
            before.Add(" WHEN s.due_on <= ").P(today.AddDays(day)).Add(" THEN ").P(Kinds.Before(day));
        }
        before.Add(" END AS kind, ").P(ReminderAudience.Learner).Add(" AS audience, ").P(today).Add(" AS local_day, ").P(now).Add(" AS created_at");
        LearnerSource(before, practiceId, today, hourLimit);
        before.Add(" AND s.due_on >= ").P(today).Add(" AND s.due_on <= ").P(today.AddDays(ladder.BeforeDays[0])).Add(") x").Add(NotInLedger);
        yield return before.Build();

        // 2. Overdue: the day after (due date + grace), then every 7 days while still overdue.
        var overdue = new SqlText().Add(Insert).Add("SELECT x.practice_id, x.person_id, x.requirement_id, x.cycle, x.kind, x.audience, x.local_day, x.created_at FROM (SELECT s.practice_id, s.staff_member_id AS person_id, s.requirement_id, s.due_on AS cycle, ");
        if (ladder.WeeklyWhileOverdue)
        {
            overdue.Add("CASE WHEN s.overdue_after > ").P(today.AddDays(-8)).Add(" THEN ").P(Kinds.DayAfter).Add(" ELSE ").P(Kinds.OverdueWeekPrefix).Add(" || ");
            if (postgres)
            {
                overdue.Add("CAST(((").P(today).Add(" - s.overdue_after - 1) / 7) AS text)");
            }
            else
            {
                overdue.Add("CAST((julianday(").P(today).Add(") - julianday(s.overdue_after) - 1) / 7 AS INTEGER)");
            }
            overdue.Add(" END");
        }
        else
        {
            overdue.P(Kinds.DayAfter);
        }
        overdue.Add(" AS kind, ").P(ReminderAudience.Learner).Add(" AS audience, ").P(today).Add(" AS local_day, ").P(now).Add(" AS created_at");
        LearnerSource(overdue, practiceId, today, hourLimit);
        overdue.Add(" AND s.overdue_after < ").P(today).Add(") x").Add(NotInLedger);
        yield return overdue.Build();

        // 3. The person's manager, once, from N days overdue (only when the manager is on the roster and active).
        var manager = new SqlText().Add(Insert).Add("SELECT x.practice_id, x.person_id, x.requirement_id, x.cycle, x.kind, x.audience, x.local_day, x.created_at FROM (SELECT s.practice_id, s.staff_member_id AS person_id, s.requirement_id, s.due_on AS cycle, ")
            .P(Kinds.EscalateManager).Add(" AS kind, ").P(ReminderAudience.Oversight).Add(" AS audience, ").P(today).Add(" AS local_day, ").P(now).Add(" AS created_at")
            .Add(" FROM requirement_statuses s JOIN staff_members m ON m.id = s.staff_member_id JOIN staff_members mg ON mg.id = m.manager_id AND mg.active")
            .Add(" WHERE s.practice_id = ").P(practiceId).Add(" AND s.applies AND s.due_on IS NOT NULL");
        NotExempt(manager, today);
        manager.Add(" AND s.overdue_after <= ").P(today.AddDays(-ladder.ManagerAfterDays)).Add(") x").Add(NotInLedger);
        yield return manager.Build();

        // 4. The practice administrators, once, from M days overdue.
        var admin = new SqlText().Add(Insert).Add("SELECT x.practice_id, x.person_id, x.requirement_id, x.cycle, x.kind, x.audience, x.local_day, x.created_at FROM (SELECT s.practice_id, s.staff_member_id AS person_id, s.requirement_id, s.due_on AS cycle, ")
            .P(Kinds.EscalateAdmin).Add(" AS kind, ").P(ReminderAudience.Oversight).Add(" AS audience, ").P(today).Add(" AS local_day, ").P(now).Add(" AS created_at")
            .Add(" FROM requirement_statuses s WHERE s.practice_id = ").P(practiceId).Add(" AND s.applies AND s.due_on IS NOT NULL");
        NotExempt(admin, today);
        admin.Add(" AND s.overdue_after <= ").P(today.AddDays(-ladder.AdminAfterDays)).Add(") x").Add(NotInLedger);
        yield return admin.Build();

        // 5. The weekly digest, on the practice's digest day, one row per active practice administrator.
        if (today.DayOfWeek == ladder.DigestDay)
        {
            var digest = new SqlText().Add(Insert).Add("SELECT x.practice_id, x.person_id, x.requirement_id, x.cycle, x.kind, x.audience, x.local_day, x.created_at FROM (SELECT u.practice_id, u.id AS person_id, ")
                .P(Guid.Empty).Add(" AS requirement_id, ").P(today).Add(" AS cycle, ").P(Kinds.Digest(today)).Add(" AS kind, ").P(ReminderAudience.Oversight).Add(" AS audience, ").P(today).Add(" AS local_day, ").P(now).Add(" AS created_at")
                .Add(" FROM \"AspNetUsers\" u WHERE u.practice_id = ").P(practiceId).Add(" AND NOT u.disabled")
                .Add(" AND EXISTS (SELECT 1 FROM \"AspNetUserRoles\" ur JOIN \"AspNetRoles\" r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.name = ").P(Accounts.Roles.PracticeAdmin).Add(")) x").Add(NotInLedger);
            yield return digest.Build();
        }
    }

    private static void LearnerSource(SqlText sql, Guid practiceId, DateOnly today, int hourLimit)
    {
        sql.Add(" FROM requirement_statuses s LEFT JOIN reminder_preferences p ON p.practice_id = s.practice_id AND p.staff_member_id = s.staff_member_id")
            .Add(" WHERE s.practice_id = ").P(practiceId).Add(" AND s.applies AND s.due_on IS NOT NULL")
            .Add(" AND (p.preferred_hour IS NULL OR p.preferred_hour <= ").P(hourLimit).Add(")");
        NotExempt(sql, today);
    }

    private static void NotExempt(SqlText sql, DateOnly today) =>
        sql.Add(" AND NOT (s.exempt_from IS NOT NULL AND s.exempt_from <= ").P(today).Add(" AND (s.exempt_until IS NULL OR s.exempt_until >= ").P(today).Add("))");
}

/// <summary>The kinds in the ledger key.</summary>
public static class Kinds
{
    public const string DayAfter = "after-1";
    public const string OverdueWeekPrefix = "overdue-week-";
    public const string EscalateManager = "escalate-manager";
    public const string EscalateAdmin = "escalate-admin";

    public static string Before(int days) => "before-" + days.ToString(CultureInfo.InvariantCulture);

    public static string OverdueWeek(int week) => OverdueWeekPrefix + week.ToString(CultureInfo.InvariantCulture);

    /// <summary>"digest-2026-W10" (ISO week of the practice day).</summary>
    public static string Digest(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"digest-{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):D2}");
    }
}
