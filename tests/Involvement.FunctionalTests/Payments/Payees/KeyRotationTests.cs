extern alias PaymentsHost;

using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;
using Involvement.TestKit;
using PaymentsHost::Involvement.Payments.Payees;

namespace Involvement.FunctionalTests.Payments.Payees;

public sealed class KeyRotationTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    private PayeeService.PayeeServiceClient Payees(string role = Roles.Finance) => new(fixture.Calls(role));

    /// <summary>The cipher as the deployment ran before "test-current" was made current.</summary>
    private static readonly BankDetailsCipher Before = new(
        new Dictionary<string, string> { ["test-old"] = TestKeys.Old, ["test-current"] = TestKeys.Current }, "test-old");

    [Fact]
    public async Task Rotation_moves_every_row_under_an_older_key_to_the_current_one_in_batches_and_a_second_run_does_nothing()
    {
        var members = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var memberId = Guid.Parse(await fixture.KnownMemberAsync());
            members.Add(memberId);
            await InsertAsync(Before, memberId, new BankDetails("10203" + i, "1234567" + i, $"Holder {i}"));
        }

        var first = await Payees().RotateBankDetailsKeyAsync(new RotateBankDetailsKeyRequest { BatchSize = 2 });
        var second = await Payees().RotateBankDetailsKeyAsync(new RotateBankDetailsKeyRequest());

        Assert.Equal("test-current", first.CurrentKeyId);
        Assert.True(first.RowsReencrypted >= 5, $"re-encrypted {first.RowsReencrypted}");
        Assert.Equal(0, second.RowsReencrypted);
        var cipher = fixture.Services.GetRequiredService<BankDetailsCipher>();
        await using var db = fixture.OpenDatabase();
        var rows = (await db.QueryAsync<EncryptedBankDetails>(
            $"select {EncryptedBankDetails.Columns} from bank_details where member_id = any(@members) order by member_id", new { members = members.ToArray() })).ToList();
        Assert.All(rows, r => Assert.Equal("test-current", r.KeyId));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => ("1234567" + i, $"Holder {i}")),
            members.Select(m => cipher.Decrypt(rows.Single(r => r.MemberId == m))).Select(d => (d.AccountNumber, d.AccountName)));
        var payee = (await Payees().GetPayeeAsync(new GetPayeeRequest { MemberId = members[3].ToString() })).Payee;
        Assert.Equal(("**-**-33", "****5673"), (payee.BankDetails.SortCode, payee.BankDetails.AccountNumber));
    }

    [Fact]
    public async Task Rows_under_a_key_no_longer_supplied_are_reported_not_lost()
    {
        var memberId = Guid.Parse(await fixture.KnownMemberAsync());
        var retired = new BankDetailsCipher(new Dictionary<string, string> { ["test-retired"] = TestKeys.Old }, "test-retired");
        await InsertAsync(retired, memberId, new BankDetails("112233", "44556677", "Retired Key"));

        var reply = await Payees().RotateBankDetailsKeyAsync(new RotateBankDetailsKeyRequest());

        Assert.Contains(reply.Unreadable, k => k.KeyId == "test-retired" && k.Rows >= 1);
        await using var db = fixture.OpenDatabase();
        Assert.Equal("test-retired", await db.ExecuteScalarAsync<string>("select key_id from bank_details where member_id = @memberId", new { memberId }));
    }

    [Fact]
    public async Task A_row_that_fails_authentication_is_reported_and_does_not_stop_the_others()
    {
        var tampered = Guid.Parse(await fixture.KnownMemberAsync());
        var sound = Guid.Parse(await fixture.KnownMemberAsync());
        await InsertAsync(Before, tampered, new BankDetails("121212", "34343434", "Tampered"), alter: true);
        await InsertAsync(Before, sound, new BankDetails("565656", "78787878", "Sound"));

        var reply = await Payees().RotateBankDetailsKeyAsync(new RotateBankDetailsKeyRequest { BatchSize = 1 });

        Assert.Contains(tampered.ToString(), reply.FailedMemberIds);
        Assert.DoesNotContain(sound.ToString(), reply.FailedMemberIds);
        await using var db = fixture.OpenDatabase();
        Assert.Equal("test-old", await db.ExecuteScalarAsync<string>("select key_id from bank_details where member_id = @tampered", new { tampered }));
        Assert.Equal("test-current", await db.ExecuteScalarAsync<string>("select key_id from bank_details where member_id = @sound", new { sound }));
    }

    [Fact]
    public async Task Only_finance_rotates_and_a_batch_size_out_of_range_is_refused()
    {
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Payees(Roles.PpiTeam).RotateBankDetailsKeyAsync(new RotateBankDetailsKeyRequest()).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Payees(Roles.Member).RotateBankDetailsKeyAsync(new RotateBankDetailsKeyRequest()).ResponseAsync);
        await RpcAssert.InvalidFields(() => Payees().RotateBankDetailsKeyAsync(new RotateBankDetailsKeyRequest { BatchSize = 5001 }).ResponseAsync, "batch_size");
        await RpcAssert.InvalidFields(() => Payees().RotateBankDetailsKeyAsync(new RotateBankDetailsKeyRequest { BatchSize = -1 }).ResponseAsync, "batch_size");
    }

    private async Task InsertAsync(BankDetailsCipher cipher, Guid memberId, BankDetails details, bool alter = false)
    {
        var row = cipher.Encrypt(memberId, details);
        if (alter)
        {
            row.Ciphertext[0] ^= 1;
        }

        await using var db = fixture.OpenDatabase();
        await db.ExecuteAsync(
            """
            insert into bank_details (member_id, key_id, nonce, ciphertext, tag, sort_code_mask, account_number_mask, version, updated_at, updated_by)
            values (@MemberId, @KeyId, @Nonce, @Ciphertext, @Tag, @SortCodeMask, @AccountNumberMask, 1, now(), 'test')
            """, new { row.MemberId, row.KeyId, row.Nonce, row.Ciphertext, row.Tag, details.SortCodeMask, details.AccountNumberMask });
    }
}
