using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Involvement.Payments.Payees;

/// <summary>
/// Encrypts bank details with AES-256-GCM under the deployment's keys (<c>Payments__BankDetailsKeys__&lt;id&gt;</c>):
/// new details under the current key, old ones readable while their key is still supplied. Each encryption takes a
/// fresh random 12-byte nonce; the member id and key id are the associated data, so a ciphertext moved to another
/// member or relabelled with another key fails authentication.
/// </summary>
public sealed class BankDetailsCipher
{
    public const int KeyBytes = 32;
    public const int NonceBytes = 12;
    public const int TagBytes = 16;

    private readonly Dictionary<string, byte[]> _keys;

    public BankDetailsCipher(IOptions<PaymentsOptions> options)
        : this(options.Value.BankDetailsKeys, options.Value.BankDetailsCurrentKeyId)
    {
    }

    public BankDetailsCipher(IReadOnlyDictionary<string, string> base64Keys, string currentKeyId)
    {
        // The start-up check has reported these already; this guards a cipher built by hand.
        var problems = BankDetailsKeys.Problems(base64Keys, currentKeyId).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        _keys = base64Keys.ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value.Trim()), StringComparer.Ordinal);
        CurrentKeyId = currentKeyId;
    }

    /// <summary>The key new details are encrypted under; rotation moves every row to it.</summary>
    public string CurrentKeyId { get; }

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public EncryptedBankDetails Encrypt(Guid memberId, BankDetails details)
    {
        var plaintext = Serialise(details);
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
            var ciphertext = new byte[plaintext.Length];
            var tag = new byte[TagBytes];
            using var aes = new AesGcm(_keys[CurrentKeyId], TagBytes);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(memberId, CurrentKeyId));
            return new EncryptedBankDetails(memberId, CurrentKeyId, nonce, ciphertext, tag);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>The details in clear; throws <see cref="BankDetailsUnreadableException"/> (which names no detail) if they cannot be.</summary>
    public BankDetails Decrypt(EncryptedBankDetails row)
    {
        if (!_keys.TryGetValue(row.KeyId, out var key))
        {
            throw new BankDetailsUnreadableException(row.MemberId, row.KeyId, "that key is not configured (Payments__BankDetailsKeys__<id>)");
        }

        if (row.Nonce.Length != NonceBytes || row.Tag.Length != TagBytes)
        {
            throw new BankDetailsUnreadableException(row.MemberId, row.KeyId, "the stored nonce or tag has the wrong length");
        }

        var plaintext = new byte[row.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(row.Nonce, row.Ciphertext, row.Tag, plaintext, AssociatedData(row.MemberId, row.KeyId));
            return Deserialise(plaintext, row);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new BankDetailsUnreadableException(row.MemberId, row.KeyId, "they fail authentication (altered, or not this member's)");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static byte[] AssociatedData(Guid memberId, string keyId) =>
        Encoding.UTF8.GetBytes($"involvement.payments.bank_details.v1|{memberId:D}|{keyId}");

    private static byte[] Serialise(BankDetails details) =>
        JsonSerializer.SerializeToUtf8Bytes(new Plain(details.SortCode, details.AccountNumber, details.AccountName), PlainJson.Default.Plain);

    private static BankDetails Deserialise(byte[] plaintext, EncryptedBankDetails row)
    {
        var plain = JsonSerializer.Deserialize(plaintext, PlainJson.Default.Plain)
            ?? throw new BankDetailsUnreadableException(row.MemberId, row.KeyId, "the decrypted record is empty");
        return new BankDetails(plain.S, plain.A, plain.N);
    }

    internal sealed record Plain(string S, string A, string N);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(BankDetailsCipher.Plain))]
internal sealed partial class PlainJson : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>Stored bank details that cannot be decrypted. The message names the member and key, never a detail.</summary>
public sealed class BankDetailsUnreadableException(Guid memberId, string keyId, string reason)
    : Exception($"The bank details of member {memberId} under key '{keyId}' cannot be read: {reason}.")
{
    public Guid MemberId { get; } = memberId;

    public string KeyId { get; } = keyId;
}
