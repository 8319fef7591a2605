using Involvement.BuildingBlocks.Data;
using Involvement.Payments.V1;

namespace Involvement.Payments.Runs;

/// <summary>The codes SQL and events use for the run enums (snake_case of the API's enum names).</summary>
public static class PaymentRunCodes
{
    public const string BankTransfer = "bank_transfer";
    public const string Vouchers = "vouchers";
    public const string Open = "open";
    public const string Confirmed = "confirmed";

    public static string Of(PaymentRunMethod method) => CodeNames.Of(method);

    public static PaymentRunMethod MethodOf(string code) => CodeNames.Parse<PaymentRunMethod>(code);

    public static string Of(PaymentRunState state) => CodeNames.Of(state);

    public static PaymentRunState StateOf(string code) => CodeNames.Parse<PaymentRunState>(code);
}
