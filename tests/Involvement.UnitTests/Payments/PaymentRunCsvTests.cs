using System.Text;
using Involvement.BuildingBlocks.Money;
using Involvement.Payments.Payees;
using Involvement.Payments.Runs;

namespace Involvement.UnitTests.Payments;

public sealed class PaymentRunCsvTests
{
    private static readonly BankDetails Bank = new("123456", "01234567", "A Payee");

    [Fact]
    public async Task Writes_the_documented_columns_one_row_per_payee_and_a_totals_line()
    {
        var csv = await WriteAsync(
            new ExportRow("payee-1", Bank, new Pence(2000), ["CLM-000001"]),
            new ExportRow("payee-2", null, new Pence(1_234_505), ["CLM-000002", "CLM-000003"]));

        Assert.Equal(
            "payee_reference,account_name,sort_code,account_number,amount,claim_references\r\n"
            + "payee-1,A Payee,123456,01234567,20.00,CLM-000001\r\n"
            + "payee-2,,,,12345.05,CLM-000002 CLM-000003\r\n"
            + "TOTAL,,,,12365.05,3\r\n",
            csv);
    }

    [Fact]
    public async Task An_empty_run_is_the_header_and_a_zero_total()
    {
        Assert.Equal(PaymentRunCsvWriter.Header + "\r\nTOTAL,,,,0.00,0\r\n", await WriteAsync());
    }

    [Theory]
    [InlineData("Smith, J", "\"Smith, J\"")]
    [InlineData("O\"Neil", "\"O\"\"Neil\"")]
    [InlineData("=HYPERLINK(1)", "'=HYPERLINK(1)")]
    [InlineData("+44", "'+44")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM", "'@SUM")]
    [InlineData("=1,2", "\"'=1,2\"")]
    public async Task Quotes_separators_and_defuses_formulas_in_text(string accountName, string written)
    {
        var csv = await WriteAsync(new ExportRow("p", new BankDetails(Bank.SortCode, Bank.AccountNumber, accountName), new Pence(1), ["C"]));

        Assert.Contains($"p,{written},123456,", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0.00")]
    [InlineData(5, "0.05")]
    [InlineData(100, "1.00")]
    [InlineData(123_456_789, "1234567.89")]
    [InlineData(-350, "-3.50")]
    public void Amounts_are_pounds_with_two_decimals_and_no_separators(long pence, string pounds)
    {
        Assert.Equal(pounds, PaymentRunCsvWriter.Pounds(new Pence(pence)));
    }

    [Fact]
    public async Task A_large_run_goes_out_in_bounded_chunks_that_add_up_to_the_whole_file()
    {
        const int chunkChars = 4096;
        const int payees = 20_000;
        var chunks = new List<int>();
        var whole = new MemoryStream();
        var writer = new PaymentRunCsvWriter(chunk =>
        {
            chunks.Add(chunk.Length);
            whole.Write(chunk.Span);
            return Task.CompletedTask;
        }, chunkChars);

        for (var i = 0; i < payees; i++)
        {
            await writer.WriteAsync(new ExportRow($"payee-{i}", Bank, new Pence(1999), [$"CLM-{i:D6}"]));
        }

        await writer.CompleteAsync();

        Assert.True(chunks.Count > payees * 40 / chunkChars, $"only {chunks.Count} chunks");
        Assert.All(chunks, c => Assert.InRange(c, 1, chunkChars + 200));   // a chunk is at most one row past the size
        var lines = Encoding.UTF8.GetString(whole.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(payees + 2, lines.Length);
        Assert.Equal($"TOTAL,,,,{1999L * payees / 100}.{1999L * payees % 100:D2},{payees}", lines[^1]);
        Assert.Equal(new Pence(1999L * payees), writer.Total);
    }

    private static async Task<string> WriteAsync(params ExportRow[] rows)
    {
        var output = new MemoryStream();
        var writer = new PaymentRunCsvWriter(chunk =>
        {
            output.Write(chunk.Span);
            return Task.CompletedTask;
        });
        foreach (var row in rows)
        {
            await writer.WriteAsync(row);
        }

        await writer.CompleteAsync();
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
