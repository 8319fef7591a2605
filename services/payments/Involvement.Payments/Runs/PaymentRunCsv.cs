using System.Globalization;
using System.Text;
using Involvement.BuildingBlocks.Money;
using Involvement.Payments.Payees;

namespace Involvement.Payments.Runs;

/// <summary>One payee's line of a run export: their claims in the run, paid together.</summary>
/// <param name="PayeeReference">The member id: stable, and no name.</param>
/// <param name="Bank">Null for a vouchers run (or details removed since the run opened): the bank columns stay empty.</param>
public sealed record ExportRow(string PayeeReference, BankDetails? Bank, Pence Amount, IReadOnlyList<string> ClaimReferences);

/// <summary>
/// Writes a payment run's CSV (RFC 4180, UTF-8, CRLF) a chunk at a time, so a run of any size is written with the
/// same memory: rows go into one buffer that is handed on whenever it holds <c>chunkChars</c> characters.
/// Columns: payee_reference, account_name, sort_code, account_number, amount (pounds, two decimals), claim_references
/// (space-separated); then a totals line, <c>TOTAL,,,,&lt;total amount&gt;,&lt;number of claims&gt;</c>.
/// </summary>
public sealed class PaymentRunCsvWriter(Func<ReadOnlyMemory<byte>, Task> emit, int chunkChars = 32 * 1024)
{
    public const string Header = "payee_reference,account_name,sort_code,account_number,amount,claim_references";
    public const string TotalsLabel = "TOTAL";

    private readonly StringBuilder _buffer = new(chunkChars + 1024);
    private Pence _total = Pence.Zero;
    private int _claims;
    private bool _started;

    public Pence Total => _total;

    public int Claims => _claims;

    public async Task WriteAsync(ExportRow row)
    {
        Start();
        Field(row.PayeeReference).Append(',');
        Field(row.Bank?.AccountName ?? "").Append(',');
        Field(row.Bank?.SortCode ?? "").Append(',');
        Field(row.Bank?.AccountNumber ?? "").Append(',');
        _buffer.Append(Pounds(row.Amount)).Append(',');
        Field(string.Join(' ', row.ClaimReferences)).Append("\r\n");
        _total += row.Amount;
        _claims += row.ClaimReferences.Count;
        if (_buffer.Length >= chunkChars)
        {
            await FlushAsync();
        }
    }

    /// <summary>The totals line, and whatever is still buffered.</summary>
    public async Task CompleteAsync()
    {
        Start();
        _buffer.Append(TotalsLabel).Append(",,,,").Append(Pounds(_total)).Append(',')
            .Append(_claims.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        await FlushAsync();
    }

    /// <summary>"1234.50": what finance systems import; no currency sign or thousands separator.</summary>
    public static string Pounds(Pence amount) =>
        (amount.Value < 0 ? "-" : "") + (Math.Abs((decimal)amount.Value) / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private void Start()
    {
        if (!_started)
        {
            _buffer.Append(Header).Append("\r\n");
            _started = true;
        }
    }

    /// <summary>
    /// A text field, quoted when it holds a separator, quote or line break; a leading = + - @ or tab is defused with
    /// an apostrophe so a spreadsheet opening the file never runs it as a formula.
    /// </summary>
    private StringBuilder Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0
            ? _buffer.Append(value)
            : _buffer.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private async Task FlushAsync()
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(_buffer.ToString());
        _buffer.Clear();
        await emit(bytes);
    }
}
