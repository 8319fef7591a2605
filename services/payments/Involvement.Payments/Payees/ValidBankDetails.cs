using Involvement.BuildingBlocks.Errors;
using Involvement.Payments.V1;

namespace Involvement.Payments.Payees;

/// <summary>
/// Bank details from a request, checked field by field. Violations describe the shape expected and never repeat
/// what was sent, so an error can be logged or shown without carrying a digit of an account.
/// </summary>
public static class ValidBankDetails
{
    public const int MaxAccountNameLength = 60;

    public static BankDetails From(SetBankDetailsRequest request, RequestValidator v)
    {
        var sortCode = SortCode(request.SortCode);
        v.Must(sortCode is not null, "sort_code", "must be six digits, written 123456 or 12-34-56.");
        var accountNumber = request.AccountNumber.Trim();
        v.Must(accountNumber.Length == 8 && accountNumber.All(char.IsAsciiDigit), "account_number", "must be eight digits.");
        var accountName = v.Required("account_name", request.AccountName, MaxAccountNameLength);
        return new BankDetails(sortCode ?? "", accountNumber, accountName);
    }

    /// <summary>Six digits, as "123456" or "12-34-56"; null for anything else.</summary>
    public static string? SortCode(string value)
    {
        var text = value.Trim();
        if (text.Length == 8 && text[2] == '-' && text[5] == '-')
        {
            text = string.Concat(text.AsSpan(0, 2), text.AsSpan(3, 2), text.AsSpan(6, 2));
        }

        return text.Length == 6 && text.All(char.IsAsciiDigit) ? text : null;
    }
}
