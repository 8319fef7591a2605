using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Payments.Claims;
using Involvement.Payments.V1;

namespace Involvement.Payments.Expenses;

/// <summary>An expense line as validated from <see cref="AddExpenseLineRequest"/>; mileage is priced later, against the member's earlier miles.</summary>
public sealed record NewExpense(
    ExpenseCategory Category,
    Guid SessionId,
    DateOnly IncurredOn,
    Vehicle Vehicle,
    decimal Miles,
    int Passengers,
    long AmountPence,
    string? ReceiptReference,
    bool BookedByTrust)
{
    public bool IsMileage => Category == ExpenseCategory.Mileage;
}

public static class ValidExpense
{
    public const double MaxMiles = 1000;
    public const int MaxPassengers = 8;
    public const long MaxAmountPence = 1_000_000;
    public const int MaxReceiptReferenceLength = 100;
    public const int MaxBookedYearsAhead = 1;

    public static NewExpense From(AddExpenseLineRequest request, RequestValidator v, long receiptThresholdPence, DateOnly today)
    {
        var category = v.Enum("category", request.Category, required: true);
        var sessionId = v.Id("session_id", request.SessionId);
        var incurredOn = ProtoDates.Required(v, "incurred_on", request.IncurredOn);
        var vehicle = v.Enum("vehicle", request.Vehicle, required: false);
        var receipt = v.Optional("receipt_reference", request.ReceiptReference, MaxReceiptReferenceLength);
        var mileage = category == ExpenseCategory.Mileage;
        // Checked whatever the category, so no caller's number reaches the decimal conversion unchecked.
        var milesUsable = v.Finite("miles", request.Miles, 0, MaxMiles);
        var miles = milesUsable ? decimal.Round((decimal)request.Miles, 1, MidpointRounding.AwayFromZero) : 0m;

        if (mileage)
        {
            v.Must(vehicle != Vehicle.Unspecified, "vehicle", "is required for mileage: car, motorcycle or bicycle.");
            v.Must(!milesUsable || miles >= 0.1m, "miles", $"must be from 0.1 to {MaxMiles} for mileage.");

            v.Must(request.Passengers is >= 0 and <= MaxPassengers, "passengers", $"must be from 0 to {MaxPassengers}.");
            v.Must(request.Passengers == 0 || vehicle is Vehicle.Car or Vehicle.Unspecified, "passengers", "are paid for by car only.");
            v.Must(request.AmountPence == 0, "amount_pence", "must be left at 0 for mileage: the service prices it from the miles.");
        }
        else if (category != ExpenseCategory.Unspecified)
        {
            v.Must(vehicle == Vehicle.Unspecified, "vehicle", "is for mileage only.");
            v.Must(!milesUsable || miles == 0, "miles", "are for mileage only.");
            v.Must(request.Passengers == 0, "passengers", "are for mileage only.");
            v.Must(request.AmountPence is >= 1 and <= MaxAmountPence, "amount_pence", $"must be from 1 to {MaxAmountPence} pence.");
        }

        v.Must(!request.BookedByTrust || category is ExpenseCategory.Fare or ExpenseCategory.Unspecified, "booked_by_trust",
            "applies to fares only: travel the trust books and pays for in advance.");
        v.Must(request.BookedByTrust || incurredOn <= today, "incurred_on",
            $"cannot be in the future (today is {today:yyyy-MM-dd}); claim an expense once it is paid.");
        // Travel is booked ahead, but not years ahead (and no date so far off that its financial year cannot be named).
        v.Must(incurredOn <= today.AddYears(MaxBookedYearsAhead), "incurred_on",
            $"cannot be more than a year ahead (after {today.AddYears(MaxBookedYearsAhead):yyyy-MM-dd}).");
        // Nor years old (MinValue: missing, already reported): a date so far back would be charged to a budget year no report shows.
        v.Must(incurredOn == DateOnly.MinValue || incurredOn >= today.AddYears(-MaxBookedYearsAhead), "incurred_on",
            $"cannot be more than a year ago (before {today.AddYears(-MaxBookedYearsAhead):yyyy-MM-dd}).");
        v.Must(receipt is not null || mileage || request.BookedByTrust || request.AmountPence <= receiptThresholdPence, "receipt_reference",
            $"is required for an expense over {new BuildingBlocks.Money.Pence(receiptThresholdPence)}.");

        return new NewExpense(category, sessionId, incurredOn, vehicle, miles, mileage ? request.Passengers : 0,
            mileage ? 0 : request.AmountPence, receipt, request.BookedByTrust);
    }
}
