using Involvement.Reporting.Periods;

namespace Involvement.UnitTests.Reporting;

public sealed class ReportingPeriodTests
{
    [Theory]
    [InlineData(2026, 0, "2026-04-01", "2027-03-31", "2026/27")]
    [InlineData(2026, 1, "2026-04-01", "2026-06-30", "2026/27 Q1")]
    [InlineData(2026, 2, "2026-07-01", "2026-09-30", "2026/27 Q2")]
    [InlineData(2026, 3, "2026-10-01", "2026-12-31", "2026/27 Q3")]
    [InlineData(2026, 4, "2027-01-01", "2027-03-31", "2026/27 Q4")]
    [InlineData(2099, 4, "2100-01-01", "2100-03-31", "2099/00 Q4")]
    public void Years_and_quarters_run_april_to_march(int year, int quarter, string start, string end, string name)
    {
        var period = new ReportingPeriod(year, quarter);

        Assert.Equal(DateOnly.Parse(start), period.Start);
        Assert.Equal(DateOnly.Parse(end), period.End);
        Assert.Equal(name, period.ToString());
        Assert.Equal(quarter == 0, period.IsWholeYear);
    }

    [Theory]
    [InlineData("2026-03-31", 2025, 4)]
    [InlineData("2026-04-01", 2026, 1)]
    [InlineData("2026-06-30", 2026, 1)]
    [InlineData("2026-07-01", 2026, 2)]
    [InlineData("2026-12-31", 2026, 3)]
    [InlineData("2027-01-01", 2026, 4)]
    public void A_date_falls_in_its_quarter_and_year(string date, int year, int quarter)
    {
        var day = DateOnly.Parse(date);

        Assert.Equal(new ReportingPeriod(year, quarter), ReportingPeriod.QuarterOf(day));
        Assert.Equal(new ReportingPeriod(year, 0), ReportingPeriod.YearOf(day));
        Assert.True(ReportingPeriod.QuarterOf(day).Contains(day));
        Assert.True(ReportingPeriod.YearOf(day).Contains(day));
    }

    [Fact]
    public void Periods_start_and_end_at_uk_midnight_whatever_the_clock_change()
    {
        // Q1 starts in British Summer Time (UTC+1): 1 April 00:00 in London is 31 March 23:00 UTC.
        var q1 = new ReportingPeriod(2026, 1);
        Assert.Equal(new DateTimeOffset(2026, 3, 31, 23, 0, 0, TimeSpan.Zero), q1.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 23, 0, 0, TimeSpan.Zero), q1.EndsAt);

        // Q4 runs in GMT: it ends at 1 April 00:00 BST, 31 March 23:00 UTC; it starts at 1 January 00:00 UTC.
        var q4 = new ReportingPeriod(2026, 4);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), q4.StartsAt);
        Assert.Equal(new DateTimeOffset(2027, 3, 31, 23, 0, 0, TimeSpan.Zero), q4.EndsAt);

        // Each period ends where the next begins, so an instant falls in exactly one quarter.
        Assert.Equal(new ReportingPeriod(2026, 2).StartsAt, q1.EndsAt);
        Assert.Equal(new ReportingPeriod(2027, 1).StartsAt, q4.EndsAt);
        Assert.Equal(new ReportingPeriod(2026, 0).EndsAt, q4.EndsAt);
    }

    [Fact]
    public void The_quarter_before_the_first_is_the_last_of_the_previous_year()
    {
        Assert.Equal(new ReportingPeriod(2025, 4), new ReportingPeriod(2026, 1).PreviousQuarter());
        Assert.Equal(new ReportingPeriod(2026, 2), new ReportingPeriod(2026, 3).PreviousQuarter());
    }

    [Fact]
    public void Started_since_lists_every_year_and_each_quarter_begun_by_today()
    {
        var periods = ReportingPeriod.StartedSince(new DateOnly(2025, 2, 10), new DateOnly(2026, 7, 1));

        Assert.Equal(
            [new(2024, 0), new(2024, 1), new(2024, 2), new(2024, 3), new(2024, 4), new(2025, 0), new(2025, 1), new(2025, 2), new(2025, 3), new(2025, 4), new(2026, 0), new(2026, 1), new(2026, 2)],
            periods);
    }

    [Fact]
    public void Started_since_never_goes_before_the_earliest_year_and_holds_the_current_quarter_on_its_first_day()
    {
        var periods = ReportingPeriod.StartedSince(new DateOnly(1990, 1, 1), new DateOnly(2000, 4, 1));

        Assert.Equal([new(2000, 0), new(2000, 1)], periods);
    }
}
