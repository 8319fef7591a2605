using Dapper;
using Involvement.BuildingBlocks.Data;
using Involvement.Payments.V1;

namespace Involvement.Payments.Payees;

/// <summary>
/// Bank details at rest: encrypted rows and their masks. Setting them changes the payee (its version moves on);
/// only the payment-run export reads them in clear, through <see cref="BankDetailsCipher"/>.
/// </summary>
public sealed class BankDetailsStore(Db db, PayeeStore payees, BankDetailsCipher cipher, TimeProvider clock)
{
    public async Task<Payee> SetAsync(UnitOfWork unit, Guid memberId, long expectedVersion, BankDetails details, string actor)
    {
        await payees.BeginChangeAsync(unit, memberId, expectedVersion, actor);
        var row = cipher.Encrypt(memberId, details);
        await unit.ExecuteAsync(
            """
            insert into bank_details (member_id, key_id, nonce, ciphertext, tag, sort_code_mask, account_number_mask, version, updated_at, updated_by)
            values (@MemberId, @KeyId, @Nonce, @Ciphertext, @Tag, @sortCodeMask, @accountNumberMask, 1, @now, @actor)
            on conflict (member_id) do update set key_id = excluded.key_id, nonce = excluded.nonce, ciphertext = excluded.ciphertext,
                tag = excluded.tag, sort_code_mask = excluded.sort_code_mask, account_number_mask = excluded.account_number_mask,
                version = bank_details.version + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """,
            new
            {
                row.MemberId, row.KeyId, row.Nonce, row.Ciphertext, row.Tag, sortCodeMask = details.SortCodeMask,
                accountNumberMask = details.AccountNumberMask, now = clock.GetUtcNowForDatabase().UtcDateTime, actor,
            });
        return await payees.ReadAsync(unit, memberId);
    }

    /// <summary>
    /// Re-encrypts up to <paramref name="batchSize"/> rows after <paramref name="after"/> (in member order) still under
    /// an older, configured key with the current key. The masks and the payee's version stay: the details are the same.
    /// A row that fails authentication is left as it is and reported, so one bad row cannot stop a rotation.
    /// </summary>
    public async Task<RotationBatch> RotateBatchAsync(UnitOfWork unit, int batchSize, Guid after)
    {
        var older = cipher.KeyIds.Where(k => k != cipher.CurrentKeyId).ToArray();
        var rows = (await unit.QueryAsync<EncryptedBankDetails>(
            $"""
            select {EncryptedBankDetails.Columns} from bank_details
            where key_id = any(@older) and member_id > @after order by member_id limit @batchSize for update
            """,
            new { older, after, batchSize })).ToList();
        var failed = new List<Guid>();
        foreach (var row in rows)
        {
            BankDetails details;
            try
            {
                details = cipher.Decrypt(row);
            }
            catch (BankDetailsUnreadableException)
            {
                failed.Add(row.MemberId);
                continue;
            }

            await unit.ExecuteAsync(
                "update bank_details set key_id = @KeyId, nonce = @Nonce, ciphertext = @Ciphertext, tag = @Tag where member_id = @MemberId",
                cipher.Encrypt(row.MemberId, details));
        }

        return new RotationBatch(rows.Count - failed.Count, failed, rows.Count == 0 ? null : rows[^1].MemberId);
    }

    /// <summary>Rows under key ids the deployment does not supply: no one can read them until the key is set again.</summary>
    public async Task<IReadOnlyList<(string KeyId, long Rows)>> UnreadableAsync(CancellationToken cancellationToken) =>
        (await db.QueryAsync<(string KeyId, long Rows)>(
            "select key_id, count(*) from bank_details where key_id <> all(@known) group by key_id order by key_id",
            new { known = cipher.KeyIds.ToArray() }, cancellationToken)).ToList();

    /// <summary>Erasure: the details go entirely.</summary>
    public static Task<int> DeleteAsync(UnitOfWork unit, Guid memberId) =>
        unit.ExecuteAsync("delete from bank_details where member_id = @memberId", new { memberId });
}

/// <param name="Reencrypted">Rows now under the current key.</param>
/// <param name="Failed">Members whose row fails authentication (altered or corrupt): they must set their details again.</param>
/// <param name="Last">Where the next batch starts after; null when there was nothing left.</param>
public sealed record RotationBatch(int Reencrypted, IReadOnlyList<Guid> Failed, Guid? Last);
