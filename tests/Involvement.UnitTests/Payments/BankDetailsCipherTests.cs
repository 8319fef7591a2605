using System.Security.Cryptography;
using System.Text;
using Involvement.Payments.Payees;

namespace Involvement.UnitTests.Payments;

public sealed class BankDetailsCipherTests
{
    private static readonly string OldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string NewKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly Guid Member = Guid.CreateVersion7();
    private static readonly BankDetails Details = new("123456", "12345678", "Ms A Example");

    private static BankDetailsCipher Cipher(string current = "k2") => new(new Dictionary<string, string> { ["k1"] = OldKey, ["k2"] = NewKey }, current);

    [Fact]
    public void Details_encrypted_come_back_the_same_under_the_current_key()
    {
        var row = Cipher().Encrypt(Member, Details);

        var back = Cipher().Decrypt(row);

        Assert.Equal("k2", row.KeyId);
        Assert.Equal(("123456", "12345678", "Ms A Example"), (back.SortCode, back.AccountNumber, back.AccountName));
    }

    [Fact]
    public void The_ciphertext_shows_no_detail_and_each_encryption_takes_a_new_nonce()
    {
        var first = Cipher().Encrypt(Member, Details);
        var second = Cipher().Encrypt(Member, Details);

        Assert.Equal(BankDetailsCipher.NonceBytes, first.Nonce.Length);
        Assert.Equal(BankDetailsCipher.TagBytes, first.Tag.Length);
        Assert.NotEqual(first.Nonce, second.Nonce);
        Assert.NotEqual(first.Ciphertext, second.Ciphertext);
        var text = Encoding.Latin1.GetString(first.Ciphertext);
        Assert.DoesNotContain("12345678", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Example", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Details_under_an_older_key_still_in_the_ring_can_be_read()
    {
        var old = Cipher(current: "k1").Encrypt(Member, Details);

        Assert.Equal("k1", old.KeyId);
        Assert.Equal("12345678", Cipher(current: "k2").Decrypt(old).AccountNumber);
    }

    [Fact]
    public void A_changed_ciphertext_fails()
    {
        var row = Cipher().Encrypt(Member, Details);
        row.Ciphertext[0] ^= 1;

        Assert.Throws<BankDetailsUnreadableException>(() => Cipher().Decrypt(row));
    }

    [Fact]
    public void A_changed_tag_fails()
    {
        var row = Cipher().Encrypt(Member, Details);
        row.Tag[^1] ^= 0x80;

        Assert.Throws<BankDetailsUnreadableException>(() => Cipher().Decrypt(row));
    }

    [Fact]
    public void A_changed_nonce_fails()
    {
        var row = Cipher().Encrypt(Member, Details);
        row.Nonce[3] ^= 1;

        Assert.Throws<BankDetailsUnreadableException>(() => Cipher().Decrypt(row));
    }

    [Fact]
    public void Another_members_id_as_associated_data_fails_so_a_row_cannot_be_moved_to_someone_else()
    {
        var row = Cipher().Encrypt(Member, Details);

        Assert.Throws<BankDetailsUnreadableException>(() => Cipher().Decrypt(row with { MemberId = Guid.CreateVersion7() }));
    }

    [Fact]
    public void A_row_relabelled_with_another_key_id_fails_even_if_that_key_exists()
    {
        var row = Cipher().Encrypt(Member, Details);

        Assert.Throws<BankDetailsUnreadableException>(() => Cipher().Decrypt(row with { KeyId = "k1" }));
    }

    [Fact]
    public void A_key_id_not_in_the_ring_is_unreadable_and_the_error_names_the_key_not_the_details()
    {
        var row = Cipher().Encrypt(Member, Details) with { KeyId = "retired" };

        var ex = Assert.Throws<BankDetailsUnreadableException>(() => Cipher().Decrypt(row));

        Assert.Contains("retired", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("12345678", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_key_id_with_a_different_key_fails()
    {
        var row = Cipher().Encrypt(Member, Details);
        var other = new BankDetailsCipher(new Dictionary<string, string> { ["k2"] = OldKey }, "k2");

        Assert.Throws<BankDetailsUnreadableException>(() => other.Decrypt(row));
    }

    [Fact]
    public void Bank_details_never_print_themselves()
    {
        Assert.DoesNotContain("1234", Details.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Example", $"{Details}", StringComparison.Ordinal);
    }

    [Fact]
    public void A_cipher_with_a_bad_ring_refuses_to_start()
    {
        Assert.Throws<InvalidOperationException>(() => new BankDetailsCipher(new Dictionary<string, string> { ["k1"] = OldKey }, "k2"));
    }
}
