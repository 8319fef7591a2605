namespace Involvement.Payments.Payees;

/// <summary>
/// A payee's bank details in clear: they exist only between a request and its encryption, and inside a payment-run
/// export. <see cref="ToString"/> never shows them, so a log line or an exception that mentions one leaks nothing.
/// </summary>
public sealed class BankDetails(string sortCode, string accountNumber, string accountName)
{
    /// <summary>Six digits, no separators.</summary>
    public string SortCode { get; } = sortCode;

    /// <summary>Eight digits.</summary>
    public string AccountNumber { get; } = accountNumber;

    public string AccountName { get; } = accountName;

    public string SortCodeMask => BankDetailsMask.SortCode(SortCode);

    public string AccountNumberMask => BankDetailsMask.AccountNumber(AccountNumber);

    public override string ToString() => "BankDetails (withheld)";
}

/// <summary>
/// One <c>bank_details</c> row as stored: AES-256-GCM ciphertext and tag under the key named by <see cref="KeyId"/>,
/// with the member id and key id bound in as associated data (a row copied to another member does not decrypt).
/// Select it with <see cref="Columns"/>.
/// </summary>
public sealed record EncryptedBankDetails(Guid MemberId, string KeyId, byte[] Nonce, byte[] Ciphertext, byte[] Tag)
{
    public const string Columns = "member_id, key_id, nonce, ciphertext, tag";
}

/// <summary>What every read shows of bank details.</summary>
public static class BankDetailsMask
{
    /// <summary>"123456" → "**-**-56".</summary>
    public static string SortCode(string sortCode) => "**-**-" + sortCode[^2..];

    /// <summary>"12345678" → "****5678".</summary>
    public static string AccountNumber(string accountNumber) => "****" + accountNumber[^4..];
}
