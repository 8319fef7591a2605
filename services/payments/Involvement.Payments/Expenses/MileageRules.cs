using Involvement.BuildingBlocks.Money;
using Involvement.BuildingBlocks.Time;
using Involvement.Payments.V1;

namespace Involvement.Payments.Expenses;

/// <summary>
/// Mileage at the HMRC approved mileage allowance rates a trust configures (Payments__Mileage__*): cars and vans at the
/// full rate for the first <see cref="MileageRates.CarReducedAfterMiles"/> business miles in a tax year, then the
/// reduced rate; a passenger rate per passenger a mile; motorcycles and bicycles at their own flat rates. Rounded half
/// away from zero once, on the line's whole amount.
/// </summary>
public static class MileageRules
{
    /// <param name="earlierCarMiles">The member's car miles already claimed in the same tax year before this line.</param>
    public static Pence Amount(Vehicle vehicle, decimal miles, int passengers, decimal earlierCarMiles, MileageRates rates)
    {
        var pence = vehicle switch
        {
            Vehicle.Car => CarPence(miles, earlierCarMiles, rates) + miles * passengers * rates.PassengerPence,
            Vehicle.Motorcycle => miles * rates.MotorcyclePence,
            Vehicle.Bicycle => miles * rates.BicyclePence,
            _ => throw new ArgumentOutOfRangeException(nameof(vehicle), vehicle, "no mileage rate for this vehicle"),
        };
        return new Pence(1).Times(pence);
    }

    /// <summary>
    /// The car miles before a line in its tax year: lines incurred earlier, then (on the same day) created earlier.
    /// Ordered by when the journeys were made, not when they were claimed, so a later-dated claim does not push an
    /// earlier journey onto the reduced rate.
    /// </summary>
    public static decimal EarlierCarMiles(IEnumerable<CarMileage> lines, CarMileage line)
    {
        var year = TaxYear.Of(line.IncurredOn);
        return lines.Where(l => TaxYear.Of(l.IncurredOn) == year && l.Before(line)).Sum(l => l.Miles);
    }

    /// <summary>The miles of a car journey still at the full rate, then the rest at the reduced rate.</summary>
    private static decimal CarPence(decimal miles, decimal earlierCarMiles, MileageRates rates)
    {
        var fullRateLeft = Math.Max(0m, rates.CarReducedAfterMiles - earlierCarMiles);
        var atFullRate = Math.Min(miles, fullRateLeft);
        return atFullRate * rates.CarPence + (miles - atFullRate) * rates.CarReducedPence;
    }
}

/// <summary>A car mileage line of the member's, as the tax-year boundary counts it.</summary>
public sealed record CarMileage
{
    public Guid ExpenseLineId { get; init; }
    public Guid ClaimId { get; init; }
    public DateOnly IncurredOn { get; init; }
    public DateTime CreatedAt { get; init; }
    public decimal Miles { get; init; }
    public int Passengers { get; init; }
    public long AmountPence { get; init; }

    public bool Before(CarMileage other) =>
        (IncurredOn, CreatedAt).CompareTo((other.IncurredOn, other.CreatedAt)) is var c && (c < 0 || (c == 0 && ExpenseLineId.CompareTo(other.ExpenseLineId) < 0));
}
