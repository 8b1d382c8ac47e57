using Beacon.Features.Requirements;

namespace Beacon.Tests.Requirements;

/// <summary>Worked examples for each kind of frequency (docs/due-dates.md shows the same cases).</summary>
public sealed class DueDateTableTests
{
    private static readonly DateOnly Start = new(2026, 1, 1);
    private static readonly PersonFacts Staff = new(true, new DateOnly(2020, 5, 1), null);

    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static DueStatus Eval(DueRule rule, PersonFacts person, string today, params string[] completions) =>
        DueDates.Evaluate(rule, person, completions.Select(D), [], D(today));

    [Theory]
    // every 12 months, rolling from the last completion
    [InlineData("2026-03-14", "2026-06-01", DueState.Compliant, "2027-03-14", "due 2027-03-14: last completed 2026-03-14, every 12 months")]
    [InlineData("2026-03-14", "2027-02-20", DueState.DueSoon, "2027-03-14", "due 2027-03-14: last completed 2026-03-14, every 12 months")]
    [InlineData("2026-03-14", "2027-03-15", DueState.Overdue, "2027-03-14", "overdue by 1 day: was due 2027-03-14; last completed 2026-03-14, every 12 months")]
    [InlineData(null, "2026-01-15", DueState.DueSoon, "2026-01-31", "due 2026-01-31: first due 2026-01-31")]
    public void Rolling_every_twelve_months(string? completed, string today, DueState state, string due, string explanation)
    {
        var rule = new DueRule(Frequency.EveryMonths, Start, Months: 12, NewHireDays: 30);

        var status = Eval(rule, Staff, today, completed is null ? [] : [completed]);

        Assert.Equal((state, D(due), explanation), (status.State, status.DueOn!.Value, status.Explanation));
    }

    [Fact]
    public void Completing_within_the_early_window_keeps_the_cycle()
    {
        var rule = new DueRule(Frequency.EveryMonths, Start, Months: 12, NewHireDays: 30, EarlyDays: 30);

        var early = Eval(rule, Staff, "2027-03-01", "2026-03-14", "2027-02-20");
        var tooEarly = Eval(rule, Staff, "2027-03-01", "2026-03-14", "2026-12-01");

        Assert.Equal(D("2028-03-14"), early.DueOn);
        Assert.Contains("early for 2027-03-14", early.Explanation, StringComparison.Ordinal);
        Assert.Equal(D("2027-12-01"), tooEarly.DueOn);
    }

    [Fact]
    public void The_grace_period_delays_overdue()
    {
        var rule = new DueRule(Frequency.EveryMonths, Start, Months: 12, GraceDays: 14);

        Assert.Equal(DueState.DueSoon, Eval(rule, Staff, "2027-03-28", "2026-03-14").State);
        Assert.Equal(DueState.Overdue, Eval(rule, Staff, "2027-03-29", "2026-03-14").State);
    }

    [Fact]
    public void A_new_hire_is_due_within_the_new_hire_window()
    {
        var rule = new DueRule(Frequency.EveryMonths, Start, Months: 24, NewHireDays: 60);
        var newHire = Staff with { HireDate = new DateOnly(2026, 9, 1) };

        var status = Eval(rule, newHire, "2026-09-02");

        Assert.Equal(D("2026-10-31"), status.DueOn);
        Assert.Equal("due 2026-10-31: first due 2026-10-31", status.Explanation);
    }

    [Fact]
    public void Once_is_complete_for_good_after_one_completion()
    {
        var rule = new DueRule(Frequency.Once, Start, NewHireDays: 30);

        Assert.Equal(DueState.Overdue, Eval(rule, Staff, "2026-03-01").State);
        var done = Eval(rule, Staff, "2040-01-01", "2026-02-10");
        Assert.Equal((DueState.Compliant, (DateOnly?)null), (done.State, done.DueOn));
        Assert.Equal("complete: done on 2026-02-10, required once", done.Explanation);
    }

    [Theory]
    // A completion counts for the cycle that ends on the next fixed date: training in the 12 months before March 1.
    [InlineData("2026-06-10", "2028-03-01", "2026-12-01", DueState.Compliant)]
    [InlineData("2025-11-10", "2027-03-01", "2026-02-15", DueState.Compliant)]
    [InlineData("2025-02-20", "2026-03-01", "2026-02-15", DueState.DueSoon)]
    [InlineData("2024-11-10", "2026-03-01", "2026-03-05", DueState.Overdue)]
    public void Yearly_by_a_fixed_date(string completed, string due, string today, DueState state)
    {
        var rule = new DueRule(Frequency.YearlyByDate, new DateOnly(2024, 1, 1), FixedMonth: 3, FixedDay: 1);

        var status = Eval(rule, Staff, today, completed);

        Assert.Equal((state, D(due)), (status.State, status.DueOn!.Value));
    }

    [Fact]
    public void Yearly_on_the_29th_of_february_falls_on_the_28th_in_common_years()
    {
        var rule = new DueRule(Frequency.YearlyByDate, new DateOnly(2027, 1, 1), FixedMonth: 2, FixedDay: 29);

        Assert.Equal(D("2027-02-28"), Eval(rule, Staff, "2027-01-10").DueOn);
        Assert.Equal(D("2028-02-29"), Eval(rule, Staff, "2027-03-01", "2027-02-20").DueOn);
    }

    [Fact]
    public void A_new_hire_who_finishes_just_before_the_fixed_date_is_not_due_again_at_once()
    {
        var rule = new DueRule(Frequency.YearlyByDate, Start, FixedMonth: 3, FixedDay: 1, NewHireDays: 30, EarlyDays: 60);
        var newHire = Staff with { HireDate = new DateOnly(2026, 1, 20) };

        var status = Eval(rule, newHire, "2026-02-25", "2026-02-18");

        Assert.Equal(D("2027-03-01"), status.DueOn);
    }

    [Fact]
    public void Licence_renewal_counts_training_within_the_renewal_cycle()
    {
        var rule = new DueRule(Frequency.LicenceRenewal, Start, Months: 24);
        var licensed = Staff with { LicenceExpiry = new DateOnly(2027, 8, 31) };

        var before = Eval(rule, licensed, "2027-08-15");
        var done = Eval(rule, licensed, "2027-08-15", "2026-02-01");
        var tooOld = Eval(rule, licensed, "2027-08-15", "2025-06-30");
        var noLicence = Eval(rule, Staff, "2027-08-15");

        Assert.Equal((DueState.DueSoon, D("2027-08-31")), (before.State, before.DueOn!.Value));
        Assert.Equal(DueState.Compliant, done.State);
        Assert.Equal(DueState.DueSoon, tooOld.State);
        Assert.Equal(DueState.NotApplicable, noLicence.State);
    }

    [Fact]
    public void Exemptions_and_scope_come_first()
    {
        var rule = new DueRule(Frequency.EveryMonths, Start);
        var exemption = new DueExemption(D("2026-01-01"), D("2026-12-31"), "on extended leave");

        var exempt = DueDates.Evaluate(rule, Staff, [], [exemption], D("2026-06-01"));
        var afterwards = DueDates.Evaluate(rule, Staff, [], [exemption], D("2027-01-02"));
        var outOfScope = DueDates.Evaluate(rule, Staff with { Applies = false, NotApplicableReason = "role not covered" }, [], [], D("2026-06-01"));

        Assert.Equal((DueState.Exempt, "exempt until 2026-12-31: on extended leave"), (exempt.State, exempt.Explanation));
        Assert.Equal(DueState.Overdue, afterwards.State);
        Assert.Equal((DueState.NotApplicable, "role not covered"), (outOfScope.State, outOfScope.Explanation));
    }

    [Fact]
    public void Today_is_the_practice_calendar_date_across_daylight_saving_changes()
    {
        var chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

        // 2026-03-08 02:00 CST → 03:00 CDT. 05:30 UTC is still the 7th in Chicago; 06:30 UTC the 8th.
        Assert.Equal(new DateOnly(2026, 3, 7), DueDates.TodayIn(chicago, new DateTimeOffset(2026, 3, 8, 5, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 3, 8), DueDates.TodayIn(chicago, new DateTimeOffset(2026, 3, 8, 6, 30, 0, TimeSpan.Zero)));
        // 2026-11-01: back to CST at 02:00 CDT (07:00 UTC); 04:59 UTC is still Oct 31 in Chicago.
        Assert.Equal(new DateOnly(2026, 10, 31), DueDates.TodayIn(chicago, new DateTimeOffset(2026, 11, 1, 4, 59, 0, TimeSpan.Zero)));
    }
}
