using Involvement.BuildingBlocks.Money;
using Involvement.Payments;
using Involvement.Payments.Expenses;
using Involvement.Payments.V1;

namespace Involvement.UnitTests.Payments;

public sealed class MileageRulesTests
{
    private static readonly MileageRates Hmrc = new();

    [Theory]
    [InlineData(0, 100, 4500)]            // all at 45p
    [InlineData(9_900, 100, 4500)]        // ends exactly on the boundary
    [InlineData(9_950, 100, 50 * 45 + 50 * 25)]
    [InlineData(10_000, 100, 2500)]       // all at 25p
    [InlineData(25_000, 100, 2500)]
    [InlineData(9_999.9, 0.2, 0.1 * 45 + 0.1 * 25)]   // 7p: 4.5 + 2.5, rounded once
    public void Car_miles_cross_the_ten_thousand_mile_boundary_within_a_line(double earlier, double miles, double expectedPence)
    {
        var amount = MileageRules.Amount(Vehicle.Car, (decimal)miles, 0, (decimal)earlier, Hmrc);

        Assert.Equal(new Pence((long)Math.Round(expectedPence, MidpointRounding.AwayFromZero)), amount);
    }

    [Fact]
    public void Passengers_are_paid_per_passenger_mile_whatever_the_boundary()
    {
        Assert.Equal(new Pence(20 * 45 + 20 * 3 * 5), MileageRules.Amount(Vehicle.Car, 20, 3, 0, Hmrc));
        Assert.Equal(new Pence(20 * 25 + 20 * 3 * 5), MileageRules.Amount(Vehicle.Car, 20, 3, 12_000, Hmrc));
    }

    [Fact]
    public void Motorcycles_and_bicycles_have_flat_rates_and_no_boundary()
    {
        Assert.Equal(new Pence(240), MileageRules.Amount(Vehicle.Motorcycle, 10, 0, 50_000, Hmrc));
        Assert.Equal(new Pence(250), MileageRules.Amount(Vehicle.Bicycle, 12.5m, 0, 50_000, Hmrc));
    }

    [Theory]
    [InlineData(0.1, 5)]      // 4.5p rounds half away from zero
    [InlineData(0.3, 14)]     // 13.5p
    [InlineData(1.1, 50)]     // 49.5p
    [InlineData(12.3, 554)]   // 553.5p
    public void A_line_is_rounded_half_away_from_zero_once(double miles, long expected)
    {
        Assert.Equal(new Pence(expected), MileageRules.Amount(Vehicle.Car, (decimal)miles, 0, 0, Hmrc));
    }

    [Fact]
    public void A_trust_may_set_its_own_rates_and_boundary()
    {
        var rates = new MileageRates { CarPence = 40, CarReducedPence = 20, CarReducedAfterMiles = 50, PassengerPence = 3 };

        Assert.Equal(new Pence(10 * 40 + 10 * 20 + 20 * 3), MileageRules.Amount(Vehicle.Car, 20, 1, 40, rates));
    }

    [Fact]
    public void Earlier_car_miles_are_journeys_made_before_in_the_same_tax_year_then_lines_created_before_on_the_same_day()
    {
        var at = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
        CarMileage Line(DateOnly on, int createdMinutes, decimal miles) =>
            new() { ExpenseLineId = Guid.CreateVersion7(), IncurredOn = on, CreatedAt = at.AddMinutes(createdMinutes), Miles = miles };
        var line = Line(new DateOnly(2026, 10, 10), 5, 20);
        var lines = new[]
        {
            Line(new DateOnly(2026, 10, 9), 9, 100),    // made earlier, claimed later: counts
            Line(new DateOnly(2026, 10, 10), 1, 10),    // same day, created first: counts
            Line(new DateOnly(2026, 10, 10), 9, 1000),  // same day, created after: does not
            Line(new DateOnly(2026, 10, 11), 0, 5000),  // made later, claimed first: does not
            Line(new DateOnly(2026, 4, 5), 0, 9000),    // the tax year before: does not
            line,
        };

        Assert.Equal(110m, MileageRules.EarlierCarMiles(lines, line));
    }
}
