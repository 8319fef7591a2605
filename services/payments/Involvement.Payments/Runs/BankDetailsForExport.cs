namespace Involvement.Payments.Runs;

/// <summary>
/// What a payment-run export needs of bank details: the clear values of one stored, encrypted row. The export is the
/// only reader in clear; the payees area's cipher provides it.
/// </summary>
public interface IBankDetailsDecryptor
{
    ClearBankDetails Decrypt(EncryptedBankDetails row);
}

/// <summary>A bank_details row as stored (AES-256-GCM under <paramref name="KeyId"/>, bound to the member).</summary>
public sealed record EncryptedBankDetails(Guid MemberId, string KeyId, byte[] Nonce, byte[] Ciphertext, byte[] Tag);

/// <summary>Bank details in clear. Never logged: its text form is masked.</summary>
public sealed record ClearBankDetails(string SortCode, string AccountNumber, string AccountName)
{
    public override string ToString() => "bank details (hidden)";
}

/// <summary>TEMPORARY until the payees area's BankDetailsCipher is merged: bank transfer exports refuse to run.</summary>
internal sealed class PendingBankDetailsDecryptor : IBankDetailsDecryptor
{
    public ClearBankDetails Decrypt(EncryptedBankDetails row) => throw new InvalidOperationException("Bank details decryption is not wired yet.");
}
