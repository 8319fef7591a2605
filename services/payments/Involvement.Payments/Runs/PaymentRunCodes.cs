using Involvement.Payments.V1;

namespace Involvement.Payments.Runs;

/// <summary>The codes SQL and events use for the run enums (lower-case strings).</summary>
public static class PaymentRunCodes
{
    public const string BankTransfer = "bank_transfer";
    public const string Vouchers = "vouchers";

    public static string Of(PaymentRunMethod method) => method switch
    {
        PaymentRunMethod.BankTransfer => BankTransfer,
        PaymentRunMethod.Vouchers => Vouchers,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not a payment method"),
    };

    public static PaymentRunMethod MethodOf(string code) => code switch
    {
        BankTransfer => PaymentRunMethod.BankTransfer,
        Vouchers => PaymentRunMethod.Vouchers,
        _ => PaymentRunMethod.Unspecified,
    };

    public const string Open = "open";
    public const string Confirmed = "confirmed";

    public static PaymentRunState StateOf(string code) => code switch
    {
        Open => PaymentRunState.Open,
        Confirmed => PaymentRunState.Confirmed,
        _ => PaymentRunState.Unspecified,
    };

    public static string Of(PaymentRunState state) => state switch
    {
        PaymentRunState.Open => Open,
        PaymentRunState.Confirmed => Confirmed,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a run state"),
    };
}
