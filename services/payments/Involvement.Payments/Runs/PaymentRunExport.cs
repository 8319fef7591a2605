using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Money;
using Involvement.Payments.Payees;

namespace Involvement.Payments.Runs;

/// <summary>
/// Writes a run's CSV: records the export first (who, when, which run), then reads the run's payees a row at a time,
/// decrypting each one's bank details only to write their line, and hands the file on in chunks.
/// </summary>
public sealed class PaymentRunExport(Db db, PaymentRunStore runs, BankDetailsCipher cipher)
{
    /// <returns>The number of claims written.</returns>
    public async Task<int> WriteAsync(Guid runId, string actor, Func<ReadOnlyMemory<byte>, Task> emit, CancellationToken cancellationToken)
    {
        var run = await db.InTransactionAsync(unit => runs.RecordExportAsync(unit, runId, actor), cancellationToken);
        var bankTransfer = run.Method == PaymentRunCodes.BankTransfer;
        var csv = new PaymentRunCsvWriter(emit);
        await foreach (var payee in runs.ExportRowsAsync(runId, cancellationToken))
        {
            // A vouchers run pays no account; a payee whose details went since the run opened gets empty bank columns.
            var bank = bankTransfer && payee.Encrypted is { } encrypted ? cipher.Decrypt(encrypted) : null;
            await csv.WriteAsync(new ExportRow(payee.MemberId.ToString(), bank, new Pence(payee.AmountPence), payee.ClaimReferences));
        }

        await csv.CompleteAsync();
        return csv.Claims;
    }
}
