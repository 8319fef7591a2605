using System.Text.RegularExpressions;

namespace Involvement.Payments.Payees;

/// <summary>The start-up check of the bank-details key ring: each key 32 bytes in base64, and a current key that exists.</summary>
public static partial class BankDetailsKeys
{
    public static IEnumerable<string> Problems(IReadOnlyDictionary<string, string> base64Keys, string currentKeyId)
    {
        foreach (var (id, value) in base64Keys)
        {
            if (!KeyId().IsMatch(id))
            {
                yield return $"Payments__BankDetailsKeys__{id}: a key id must be 1-40 letters, digits, '.', '_' or '-'.";
            }

            if (!IsKey(value))
            {
                yield return $"Payments__BankDetailsKeys__{id} must be {BankDetailsCipher.KeyBytes} random bytes in base64 (e.g. `head -c 32 /dev/urandom | base64`).";
            }
        }

        if (string.IsNullOrWhiteSpace(currentKeyId))
        {
            yield return "Payments__BankDetailsCurrentKeyId must name the key new bank details are encrypted under (one of Payments__BankDetailsKeys__<id>).";
        }
        else if (!base64Keys.ContainsKey(currentKeyId))
        {
            yield return $"Payments__BankDetailsCurrentKeyId is '{currentKeyId}', but Payments__BankDetailsKeys__{currentKeyId} is not set.";
        }
    }

    private static bool IsKey(string value)
    {
        var bytes = new byte[BankDetailsCipher.KeyBytes + 3];
        return Convert.TryFromBase64String(value.Trim(), bytes, out var written) && written == BankDetailsCipher.KeyBytes;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,40}$")]
    private static partial Regex KeyId();
}
