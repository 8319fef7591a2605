using System.Data;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Money;
using Involvement.Payments.Payees;
using Npgsql;

namespace Involvement.Payments.Runs;

/// <summary>
/// Writes a run's CSV: checks every payee of a bank transfer run can be paid, records the export (who, when, which
/// run), then reads the run's payees a row at a time, decrypting each one's bank details only to write their line,
/// and hands the file on in chunks. The check and the file read one snapshot, so an erasure or a damaged row can never
/// leave a line without an account half-way through a file.
/// </summary>
public sealed class PaymentRunExport(Db db, PaymentRunStore runs, BankDetailsCipher cipher)
{
    /// <returns>The number of claims written.</returns>
    public async Task<int> WriteAsync(Guid runId, string actor, Func<ReadOnlyMemory<byte>, Task> emit, CancellationToken cancellationToken)
    {
        var bankTransfer = (await runs.GetAsync(runId, cancellationToken)).Method == PaymentRunCodes.BankTransfer;
        await using var connection = await db.DataSource.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        if (bankTransfer)
        {
            await EnsurePayableAsync(connection, runId, cancellationToken);
        }

        await db.InTransactionAsync(unit => runs.RecordExportAsync(unit, runId, actor), cancellationToken);
        var csv = new PaymentRunCsvWriter(emit);
        await foreach (var payee in PaymentRunStore.ExportRowsAsync(connection, runId, cancellationToken))
        {
            // A vouchers run pays no account; a bank transfer payee's details were checked readable in this snapshot.
            var bank = bankTransfer ? cipher.Decrypt(payee.Encrypted!) : null;
            await csv.WriteAsync(new ExportRow(payee.MemberId.ToString(), bank, new Pence(payee.AmountPence), payee.ClaimReferences));
        }

        await csv.CompleteAsync();
        return csv.Claims;
    }

    /// <summary>
    /// Refuses the export before any row is written when a claim could not be paid from it: finance returns those
    /// claims from the run (they join the next one), restores the key, or asks the member for their details again.
    /// </summary>
    private async Task EnsurePayableAsync(NpgsqlConnection connection, Guid runId, CancellationToken cancellationToken)
    {
        var unpayable = new List<PreconditionViolation>();
        await foreach (var payee in PaymentRunStore.ExportRowsAsync(connection, runId, cancellationToken))
        {
            if (Problem(payee.Encrypted) is { } problem)
            {
                unpayable.AddRange(payee.ClaimReferences.Select(reference => new PreconditionViolation(problem.Type, reference, problem.Description)));
            }
        }

        if (unpayable.Count > 0)
        {
            throw new ConflictException(
                $"{unpayable.Count} claim(s) in this run cannot be paid by bank transfer: return them from the run (MarkClaimReturned), restore the bank details key or ask the payee for their details again, then export again.",
                [.. unpayable.OrderBy(v => v.Subject, StringComparer.Ordinal)]);
        }
    }

    private (string Type, string Description)? Problem(EncryptedBankDetails? encrypted)
    {
        if (encrypted is null)
        {
            return ("NO_BANK_DETAILS", "The payee has no bank details.");
        }

        if (!cipher.KeyIds.Contains(encrypted.KeyId))
        {
            return ("BANK_DETAILS_KEY_MISSING", "The payee's bank details are under a key this service does not have.");
        }

        try
        {
            cipher.Decrypt(encrypted);
            return null;
        }
        catch (BankDetailsUnreadableException)
        {
            return ("BANK_DETAILS_UNREADABLE", "The payee's bank details fail their integrity check; they must be set again.");
        }
    }
}
