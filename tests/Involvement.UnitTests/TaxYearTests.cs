using System.Globalization;
using Involvement.BuildingBlocks.Time;

namespace Involvement.UnitTests;

public sealed class TaxYearTests
{
    [Theory]
    [InlineData("2026-04-05", 2025)]
    [InlineData("2026-04-06", 2026)]
    [InlineData("2026-12-31", 2026)]
    [InlineData("2027-01-01", 2026)]
    [InlineData("2027-04-05", 2026)]
    [InlineData("2027-04-06", 2027)]
    public void A_date_falls_in_the_tax_year_that_began_on_the_sixth_of_april_before(string date, int startYear)
    {
        var day = DateOnly.Parse(date, CultureInfo.InvariantCulture);

        Assert.Equal(new TaxYear(startYear), TaxYear.Of(day));
        Assert.True(TaxYear.Of(day).Contains(day));
    }

    [Fact]
    public void A_tax_year_and_a_financial_year_differ_by_five_days()
    {
        var day = new DateOnly(2026, 4, 3);

        Assert.Equal(new FinancialYear(2026), FinancialYear.Of(day));
        Assert.Equal(new TaxYear(2025), TaxYear.Of(day));
        Assert.Equal((new DateOnly(2026, 4, 6), new DateOnly(2027, 4, 5)), (new TaxYear(2026).Start, new TaxYear(2026).End));
        Assert.Equal("2026/27", new TaxYear(2026).ToString());
        Assert.False(new TaxYear(2026).Contains(new DateOnly(2027, 4, 6)));
    }
}
