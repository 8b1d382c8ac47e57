using Beacon.Features.Requirements;
using FsCheck;
using FsCheck.Fluent;

namespace Beacon.Tests.Requirements;

/// <summary>Invariants of the due-date engine over generated rules, people, completion histories and days.</summary>
public sealed class DueDatePropertyTests
{
    private static readonly DateOnly Epoch = new(2020, 1, 1);

    public sealed record Case(DueRule Rule, PersonFacts Person, List<DateOnly> Completions, DateOnly Today, DateOnly Extra)
    {
        public override string ToString() =>
            $"{Rule}, {Person}, completions [{string.Join(", ", Completions.Order().Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))}], today {Today:yyyy-MM-dd}, extra {Extra:yyyy-MM-dd}";
    }

    private static Gen<DateOnly> Day(int from, int to) => Gen.Choose(from, to).Select(d => Epoch.AddDays(d));

    private static Gen<DueRule> Rules() =>
        from frequency in Gen.Elements(Frequency.Once, Frequency.EveryMonths, Frequency.YearlyByDate, Frequency.LicenceRenewal)
        from start in Day(0, 900)
        from months in Gen.Elements(6, 12, 24, 36)
        from month in Gen.Choose(1, 12)
        from day in Gen.Choose(1, 31)
        from newHire in Gen.Choose(0, 90)
        from grace in Gen.Choose(0, 30)
        from early in Gen.Choose(0, 60)
        select new DueRule(frequency, start, months, month, Math.Min(day, DateTime.DaysInMonth(2024, month)), newHire, grace, early);

    private static Gen<PersonFacts> People() =>
        from hire in Day(-2000, 1500)
        from hasLicence in Gen.Elements(true, false)
        from expiry in Day(0, 3000)
        select new PersonFacts(true, hire, hasLicence ? expiry : null);

    public static Arbitrary<Case> Cases() => (
        from rule in Rules()
        from person in People()
        from size in Gen.Choose(0, 8)
        from completions in Gen.ListOf(Day(0, 3000), size)
        from today in Day(0, 3500)
        from extra in Day(0, 3500)
        select new Case(rule, person, completions.ToList(), today, extra)).ToArbitrary();

    private static int Rank(DueState state) => state switch
    {
        DueState.Compliant => 0,
        DueState.DueSoon => 1,
        DueState.Overdue => 2,
        _ => -1,
    };

    private static void Check(Func<Case, bool> property) =>
        Prop.ForAll(Cases(), property).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));

    [Fact]
    public void A_completion_never_makes_a_status_worse() => Check(c =>
    {
        var before = DueDates.Evaluate(c.Rule, c.Person, c.Completions, [], c.Today);
        var after = DueDates.Evaluate(c.Rule, c.Person, [.. c.Completions, c.Extra], [], c.Today);
        return Rank(after.State) <= Rank(before.State);
    });

    [Fact]
    public void A_later_completion_never_moves_the_due_date_backwards() => Check(c =>
    {
        var latest = c.Completions.Count == 0 ? Epoch : c.Completions.Max();
        var later = c.Extra > latest ? c.Extra : latest.AddDays(1);
        var today = later > c.Today ? later : c.Today;
        var before = DueDates.Evaluate(c.Rule, c.Person, c.Completions, [], today);
        var after = DueDates.Evaluate(c.Rule, c.Person, [.. c.Completions, later], [], today);
        return before.DueOn is null || after.DueOn is null || after.DueOn >= before.DueOn;
    });

    [Fact]
    public void The_engine_is_deterministic_and_ignores_completion_order() => Check(c =>
    {
        var forward = DueDates.Evaluate(c.Rule, c.Person, c.Completions, [], c.Today);
        var backward = DueDates.Evaluate(c.Rule, c.Person, Enumerable.Reverse(c.Completions), [], c.Today);
        return forward == backward;
    });

    [Fact]
    public void Completions_after_today_are_not_counted() => Check(c =>
    {
        var now = DueDates.Evaluate(c.Rule, c.Person, c.Completions.Where(d => d <= c.Today), [], c.Today);
        var withFuture = DueDates.Evaluate(c.Rule, c.Person, [.. c.Completions, c.Today.AddDays(1)], [], c.Today);
        return now == withFuture;
    });

    [Fact]
    public void Today_in_a_zone_never_goes_backwards_as_time_passes() => Prop.ForAll(
        Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(0, 6).ToArbitrary(), Gen.Choose(0, 5000).ToArbitrary(), (seconds, zoneIndex, step) =>
    {
        string[] zones = ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu"];
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zones[zoneIndex]);
        var instant = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(seconds % (3L * 365 * 86400));
        var later = instant.AddMinutes(step);
        var today = DueDates.TodayIn(zone, instant);
        var tomorrowOrSame = DueDates.TodayIn(zone, later);
        return tomorrowOrSame >= today && tomorrowOrSame.DayNumber - today.DayNumber <= 1 + (step / 1440);
    }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
}
