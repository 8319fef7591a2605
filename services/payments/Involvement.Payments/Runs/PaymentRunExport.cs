using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Money;
using Involvement.Payments.Payees;

namespace Involvement.Payments.Runs;

/// <summary>
/// Writes a run's CSV: checks every payee of a bank transfer run can be paid, records the export (who, when, which
/// run), then reads the run's payees a row at a time, decrypting each one's bank details only to write their line,
/// and hands the file on in chunks.
/// </summary>
public sealed class PaymentRunExport(Db db, PaymentRunStore runs, BankDetailsCipher cipher)
{
    /// <returns>The number of claims written.</returns>
    public async Task<int> WriteAsync(Guid runId, string actor, Func<ReadOnlyMemory<byte>, Task> emit, CancellationToken cancellationToken)
    {
        var method = (await runs.GetAsync(runId, cancellationToken)).Method;
        if (method == PaymentRunCodes.BankTransfer)
        {
            await EnsurePayableAsync(runId, cancellationToken);
        }

        var run = await db.InTransactionAsync(unit => runs.RecordExportAsync(unit, runId, actor), cancellationToken);
        var bankTransfer = run.Method == PaymentRunCodes.BankTransfer;
        var csv = new PaymentRunCsvWriter(emit);
        await foreach (var payee in runs.ExportRowsAsync(runId, cancellationToken))
        {
            // A vouchers run pays no account. Bank details removed between the check and here (erasure) leave empty
            // bank columns rather than a half-written file.
            var bank = bankTransfer && payee.Encrypted is { } encrypted ? cipher.Decrypt(encrypted) : null;
            await csv.WriteAsync(new ExportRow(payee.MemberId.ToString(), bank, new Pence(payee.AmountPence), payee.ClaimReferences));
        }

        await csv.CompleteAsync();
        return csv.Claims;
    }

    /// <summary>
    /// Refuses the export before any row is written when a claim could not be paid from it: finance returns those
    /// claims from the run (they join the next one) or restores the key, then exports again.
    /// </summary>
    private async Task EnsurePayableAsync(Guid runId, CancellationToken cancellationToken)
    {
        var unpayable = await runs.UnpayableClaimsAsync(runId, cipher.KeyIds, cancellationToken);
        if (unpayable.Count > 0)
        {
            throw new ConflictException(
                $"{unpayable.Count} claim(s) in this run cannot be paid by bank transfer: return them from the run (MarkClaimReturned), or restore the bank details key, then export again.",
                [.. unpayable.Select(c => new PreconditionViolation(c.Reason.ToUpperInvariant(), c.ClaimReference,
                    c.Reason == "no_bank_details" ? "The payee has no bank details." : "The payee's bank details are under a key this service does not have."))]);
        }
    }
}
