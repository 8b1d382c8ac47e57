using System.Globalization;

namespace Beacon.Features.Requirements;

public enum Frequency
{
    /// <summary>Complete once, ever.</summary>
    Once = 0,

    /// <summary>Every N months, rolling from the last completion.</summary>
    EveryMonths = 1,

    /// <summary>Every year by a fixed month and day (e.g. by March 1).</summary>
    YearlyByDate = 2,

    /// <summary>Before each licence renewal (the licence expiry date), within the renewal cycle.</summary>
    LicenceRenewal = 3,
}

public enum DueState
{
    Compliant = 0,
    DueSoon = 1,
    Overdue = 2,
    NotApplicable = 3,
    Exempt = 4,
}

/// <summary>How often a requirement recurs and its windows. All day counts are whole days in the practice's calendar.</summary>
public sealed record DueRule(
    Frequency Frequency,
    DateOnly StartsOn,
    int Months = 12,
    int FixedMonth = 1,
    int FixedDay = 1,
    int NewHireDays = 30,
    int GraceDays = 0,
    int EarlyDays = 0,
    int DueSoonDays = 30);

/// <summary>What the engine needs to know of a person.</summary>
public sealed record PersonFacts(bool Applies, DateOnly? HireDate, DateOnly? LicenceExpiry, string? NotApplicableReason = null);

/// <summary>An exemption from one requirement, from a day (inclusive) until a day (inclusive; null = open-ended).</summary>
public sealed record DueExemption(DateOnly From, DateOnly? Until, string Reason);

/// <summary>The engine's answer: status, the next due date, and why, in plain words.</summary>
public sealed record DueStatus(DueState State, DateOnly? DueOn, DateOnly? LastCompleted, string Explanation);

/// <summary>
/// The due-date engine: a pure function of (rule, person, completions, exemptions, today). Completions and
/// "today" are calendar dates in the practice's time zone (see <see cref="TodayIn"/>), so the engine never
/// sees a clock or a zone and gives the same answer on every machine.
/// </summary>
public static class DueDates
{
    public static DueStatus Evaluate(DueRule rule, PersonFacts person, IEnumerable<DateOnly> completions, IEnumerable<DueExemption> exemptions, DateOnly today)
    {
        if (!person.Applies)
        {
            return new DueStatus(DueState.NotApplicable, null, null, person.NotApplicableReason ?? "does not apply to this person");
        }
        var done = completions.Where(c => c <= today).Order().ToList();
        var last = done.Count > 0 ? done[^1] : (DateOnly?)null;
        var exemption = exemptions.FirstOrDefault(e => e.From <= today && (e.Until is null || today <= e.Until));
        if (exemption is not null)
        {
            var until = exemption.Until is { } u ? $" until {Iso(u)}" : "";
            return new DueStatus(DueState.Exempt, null, last, $"exempt{until}: {exemption.Reason}");
        }

        var first = FirstDue(rule, person);
        return rule.Frequency switch
        {
            Frequency.Once => Once(rule, first, last, today),
            Frequency.EveryMonths => Rolling(rule, first, done, today),
            Frequency.YearlyByDate => Yearly(rule, person, done, today),
            Frequency.LicenceRenewal => Renewal(rule, person, done, today),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Frequency, "unknown frequency"),
        };
    }

    /// <summary>The calendar date at an instant where the practice is (DST and all, via its IANA zone).</summary>
    public static DateOnly TodayIn(TimeZoneInfo zone, DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>A new hire has <see cref="DueRule.NewHireDays"/> from hire; everyone else from the requirement's start.</summary>
    public static DateOnly FirstDue(DueRule rule, PersonFacts person)
    {
        var from = person.HireDate is { } hired && hired > rule.StartsOn ? hired : rule.StartsOn;
        return from.AddDays(rule.NewHireDays);
    }

    private static DueStatus Once(DueRule rule, DateOnly first, DateOnly? last, DateOnly today)
    {
        if (last is { } completed)
        {
            return new DueStatus(DueState.Compliant, null, completed, $"complete: done on {Iso(completed)}, required once");
        }
        return Judge(rule, first, null, today, $"required once, first due {Iso(first)}");
    }

    private static DueStatus Rolling(DueRule rule, DateOnly first, List<DateOnly> done, DateOnly today)
    {
        var due = first;
        var because = $"first due {Iso(first)}";
        for (var i = 0; i < done.Count; i++)
        {
            var completed = done[i];
            var next = completed.AddMonths(rule.Months);
            var reason = $"last completed {Iso(completed)}, every {Plural(rule.Months, "month")}";
            // Done within the early window before a due date (the first one, or one an earlier completion
            // set), it counts for that date: the next cycle runs from the due date, not from the day done.
            foreach (var earlierDue in done.Take(i).Select(d => d.AddMonths(rule.Months)).Prepend(first))
            {
                var bonus = earlierDue.AddMonths(rule.Months);
                if (completed < earlierDue && completed >= earlierDue.AddDays(-rule.EarlyDays) && bonus > next)
                {
                    next = bonus;
                    reason = $"last completed {Iso(completed)}, early for {Iso(earlierDue)}, every {Plural(rule.Months, "month")}";
                }
            }
            // The latest due date earned stands: a completion never brings it forward.
            if (next >= due)
            {
                due = next;
                because = reason;
            }
        }
        return Judge(rule, due, done.Count > 0 ? done[^1] : null, today, because);
    }

    private static DueStatus Yearly(DueRule rule, PersonFacts person, List<DateOnly> done, DateOnly today)
    {
        // A new hire first has the new-hire window; everyone else starts on the fixed date.
        var newHire = person.HireDate is { } hired && hired > rule.StartsOn;
        var first = newHire ? FirstDue(rule, person) : FixedOnOrAfter(rule, rule.StartsOn);
        if (done.Count == 0)
        {
            return Judge(rule, first, null, today, newHire
                ? $"new hire: first due {Iso(first)}, then every year by {FixedLabel(rule)}"
                : $"every year by {FixedLabel(rule)}");
        }

        // Only the latest completion matters: it counts for the cycle it falls in (the year up to a fixed
        // date, plus the grace period), and the next cycle is due a year later. Missed years in between
        // are history, not debt.
        var last = done[^1];
        var due = FixedYear(rule, FixedOnOrAfter(rule, last.AddDays(-rule.GraceDays)).Year + 1);
        if (newHire && last <= first.AddDays(rule.GraceDays))
        {
            // The new-hire completion: due on the next fixed date, or the one after when it was done
            // within the early window of that date (no one is due again days after finishing).
            due = FixedOnOrAfter(rule, last.AddDays(1));
            if (last >= due.AddDays(-rule.EarlyDays))
            {
                due = FixedYear(rule, due.Year + 1);
            }
        }
        due = due > first ? due : first;
        return Judge(rule, due, last, today, $"last completed {Iso(last)}, every year by {FixedLabel(rule)}");
    }

    private static DueStatus Renewal(DueRule rule, PersonFacts person, List<DateOnly> done, DateOnly today)
    {
        if (person.LicenceExpiry is not { } expiry)
        {
            return new DueStatus(DueState.NotApplicable, null, done.Count > 0 ? done[^1] : null, "no licence expiry date on the roster");
        }
        // Training counts for a renewal when done within the renewal cycle that ends at the expiry date.
        var cycleStart = expiry.AddMonths(-rule.Months);
        var counted = done.Where(c => c > cycleStart && c <= expiry.AddDays(rule.GraceDays)).ToList();
        if (counted.Count > 0)
        {
            var completed = counted[^1];
            return new DueStatus(DueState.Compliant, expiry, completed,
                $"done {Iso(completed)} for the licence renewal due {Iso(expiry)}; the next is due before the renewal after that");
        }
        return Judge(rule, expiry, done.Count > 0 ? done[^1] : null, today, $"before the licence renewal on {Iso(expiry)} (renewal cycle {Plural(rule.Months, "month")})");
    }

    private static DueStatus Judge(DueRule rule, DateOnly due, DateOnly? last, DateOnly today, string because)
    {
        var graceEnd = due.AddDays(rule.GraceDays);
        if (today > graceEnd)
        {
            var late = today.DayNumber - due.DayNumber;
            return new DueStatus(DueState.Overdue, due, last, $"overdue by {Plural(late, "day")}: was due {Iso(due)}; {because}");
        }
        if (today > due)
        {
            return new DueStatus(DueState.DueSoon, due, last, $"was due {Iso(due)}, within the grace period until {Iso(graceEnd)}; {because}");
        }
        if (due.DayNumber - today.DayNumber <= rule.DueSoonDays)
        {
            return new DueStatus(DueState.DueSoon, due, last, $"due {Iso(due)}: {because}");
        }
        return new DueStatus(DueState.Compliant, due, last, $"due {Iso(due)}: {because}");
    }

    /// <summary>The fixed date in a year; 29 February becomes 28 February in common years.</summary>
    public static DateOnly FixedYear(DueRule rule, int year) =>
        new(year, rule.FixedMonth, Math.Min(rule.FixedDay, DateTime.DaysInMonth(year, rule.FixedMonth)));

    private static DateOnly FixedOnOrAfter(DueRule rule, DateOnly day)
    {
        var candidate = FixedYear(rule, day.Year);
        return candidate >= day ? candidate : FixedYear(rule, day.Year + 1);
    }

    private static string FixedLabel(DueRule rule) =>
        new DateOnly(2000, rule.FixedMonth, rule.FixedDay).ToString("MMMM d", CultureInfo.InvariantCulture);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
