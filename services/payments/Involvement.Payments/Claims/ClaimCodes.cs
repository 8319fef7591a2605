using Involvement.BuildingBlocks.Data;
using Involvement.Payments.V1;

namespace Involvement.Payments.Claims;

/// <summary>The codes claims are stored and published with (snake_case of the API's enum names).</summary>
public static class ClaimCodes
{
    public static string Of(ClaimState state) => CodeNames.Of(state);

    public static ClaimState StateOf(string code) => CodeNames.Parse<ClaimState>(code);

    public static string Of(ClaimPaymentMethod method) => CodeNames.Of(method);

    public static ClaimPaymentMethod PaymentMethodOf(string? code) =>
        code is null ? ClaimPaymentMethod.Unspecified : CodeNames.Parse<ClaimPaymentMethod>(code);

    public static string Of(ExpenseCategory category) => CodeNames.Of(category);

    public static ExpenseCategory CategoryOf(string code) => CodeNames.Parse<ExpenseCategory>(code);

    public static string Of(Vehicle vehicle) => CodeNames.Of(vehicle);

    public static Vehicle VehicleOf(string? code) => code is null ? Vehicle.Unspecified : CodeNames.Parse<Vehicle>(code);

    public static readonly string Draft = Of(ClaimState.Draft);
    public static readonly string Submitted = Of(ClaimState.Submitted);
    public static readonly string Queried = Of(ClaimState.Queried);
    public static readonly string Approved = Of(ClaimState.Approved);
    public static readonly string Rejected = Of(ClaimState.Rejected);
}
