using Involvement.BuildingBlocks.Time;

namespace Involvement.UnitTests;

public sealed class FinancialYearTests
{
    [Theory]
    [InlineData("2026-04-01", 2026, 1)]
    [InlineData("2026-06-30", 2026, 1)]
    [InlineData("2026-07-01", 2026, 2)]
    [InlineData("2026-09-30", 2026, 2)]
    [InlineData("2026-10-01", 2026, 3)]
    [InlineData("2026-12-31", 2026, 3)]
    [InlineData("2027-01-01", 2026, 4)]
    [InlineData("2027-03-31", 2026, 4)]
    [InlineData("2026-03-31", 2025, 4)]
    [InlineData("2028-02-29", 2027, 4)]
    public void A_date_falls_in_the_financial_year_that_began_the_april_before_and_in_its_quarter(string date, int startYear, int quarter)
    {
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(new FinancialYear(startYear), FinancialYear.Of(day));
        Assert.Equal(quarter, FinancialYear.QuarterOf(day));
    }

    [Fact]
    public void Quarters_run_april_to_march_and_cover_the_year_without_gaps()
    {
        var year = new FinancialYear(2027);

        Assert.Equal((new DateOnly(2027, 4, 1), new DateOnly(2027, 6, 30)), year.Quarter(1));
        Assert.Equal((new DateOnly(2027, 7, 1), new DateOnly(2027, 9, 30)), year.Quarter(2));
        Assert.Equal((new DateOnly(2027, 10, 1), new DateOnly(2027, 12, 31)), year.Quarter(3));
        Assert.Equal((new DateOnly(2028, 1, 1), new DateOnly(2028, 3, 31)), year.Quarter(4));
        Assert.Equal((year.Start, year.End), (year.Quarter(1).Start, year.Quarter(4).End));
        Assert.Equal("2027/28", year.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => year.Quarter(5));
    }
}
