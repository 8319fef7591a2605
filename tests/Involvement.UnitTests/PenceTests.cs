using Involvement.BuildingBlocks.Money;

namespace Involvement.UnitTests;

public sealed class PenceTests
{
    [Theory]
    [InlineData(45, "12.5", 563)]   // 562.5 rounds away from zero
    [InlineData(45, "12.4", 558)]
    [InlineData(2000, "1", 2000)]
    [InlineData(2000, "0.25", 500)]
    [InlineData(25, "0.1", 3)]      // 2.5 rounds up, never to even
    [InlineData(-45, "12.5", -563)] // reversals round the same way, so a fee and its reversal cancel exactly
    public void A_rate_times_a_quantity_rounds_half_away_from_zero_once(long rate, string quantity, long expected) =>
        Assert.Equal(new Pence(expected), new Pence(rate).Times(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Sums_and_differences_are_exact_and_overflow_is_an_error_not_a_wrap()
    {
        Assert.Equal(new Pence(2563), Pence.Sum([new Pence(2000), new Pence(563)]));
        Assert.Equal(new Pence(-563), new Pence(2000) - new Pence(2563));
        Assert.True(new Pence(1) > Pence.Zero);
        Assert.Throws<OverflowException>(() => new Pence(long.MaxValue) + new Pence(1));
    }

    [Theory]
    [InlineData(2000, "£20.00")]
    [InlineData(5, "£0.05")]
    [InlineData(123456789, "£1,234,567.89")]
    [InlineData(-350, "-£3.50")]
    public void Amounts_read_as_pounds_for_people(long pence, string text) => Assert.Equal(text, new Pence(pence).ToString());
}
