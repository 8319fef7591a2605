extern alias PaymentsHost;

using System.Diagnostics;
using Dapper;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;
using Involvement.TestKit;
using Npgsql;
using PaymentsHost::Involvement.Payments.Payees;

namespace Involvement.Benchmarks;

/// <summary>
/// A payment run of many claims on a real payments process: approved bank-transfer claims (each payee with encrypted
/// bank details) written straight into its database, then OpenPaymentRun, the streamed ExportPaymentRun (time, bytes,
/// the service's resident memory sampled throughout) and ConfirmPaymentRun (a ClaimPaid per claim). A small run first,
/// so the large one's memory can be compared with it: flat memory means the peak does not grow with the run.
/// </summary>
public static class PaymentRunBench
{
    public static async Task RunAsync(int claims, TestVirtualHost vhost, string logs)
    {
        var database = TestInfrastructure.UniqueDatabaseName("bench_payments");
        await TestInfrastructure.CreateDatabaseAsync(database, "payments");
        await using var payments = new ServiceProcess("Payments", ServiceSettings.For("payments", database, vhost.Name), logs);
        await payments.StartAsync();
        using var channel = payments.OpenChannel();
        var runs = new PaymentRunService.PaymentRunServiceClient(channel.CreateCallInvoker().As(Roles.Finance));
        var cipher = new BankDetailsCipher(new Dictionary<string, string> { ["test-current"] = TestKeys.Current }, "test-current");

        foreach (var size in new[] { Math.Max(1, claims / 10), claims })
        {
            await SeedAsync(database, size, cipher);
            var watch = Stopwatch.StartNew();
            var opened = await runs.OpenPaymentRunAsync(new OpenPaymentRunRequest { IdempotencyKey = Guid.NewGuid().ToString(), Method = PaymentRunMethod.BankTransfer });
            var openTime = watch.Elapsed;

            var before = payments.ResidentBytes;
            var peak = before;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, payments.ResidentBytes);
                    await Task.Delay(20);
                }
            });
            watch.Restart();
            long bytes = 0;
            var chunks = 0;
            using (var call = runs.ExportPaymentRun(new ExportPaymentRunRequest { PaymentRunId = opened.Run.PaymentRunId }))
            {
                await foreach (var chunk in call.ResponseStream.ReadAllAsync())
                {
                    bytes += chunk.Csv.Length;
                    chunks++;
                }
            }

            var exportTime = watch.Elapsed;
            await sampling.CancelAsync();
            await sampler;

            watch.Restart();
            await runs.ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest { PaymentRunId = opened.Run.PaymentRunId });
            var confirmTime = watch.Elapsed;
            Console.WriteLine($"payment run of {opened.Run.ClaimCount:N0} claims: open {openTime.TotalMilliseconds:F0} ms; export {exportTime.TotalMilliseconds:F0} ms " +
                $"({bytes / 1024.0:F0} KiB in {chunks} chunks); service resident memory {Mib(before)} before, peak {Mib(peak)} during " +
                $"(+{Mib(peak - before)}); confirm {confirmTime.TotalMilliseconds:F0} ms ({opened.Run.ClaimCount:N0} ClaimPaid)");
        }

        await payments.KillAsync();
        await TestInfrastructure.DropDatabaseAsync(database);
    }

    private static string Mib(long bytes) => $"{bytes / 1024.0 / 1024.0:F0} MiB";

    /// <summary>Approved bank-transfer claims, one payee each with bank details, a mileage line of £12.34 each.</summary>
    private static async Task SeedAsync(string database, int count, BankDetailsCipher cipher)
    {
        var members = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray();
        var claims = members.Select(_ => Guid.CreateVersion7()).ToArray();
        var encrypted = members.Select((m, i) => cipher.Encrypt(m, new BankDetails($"{i % 1_000_000:D6}", $"{i:D8}", $"Payee {i}"))).ToArray();
        await using var connection = new NpgsqlConnection(TestInfrastructure.ConnectionString(database));
        await connection.OpenAsync();
        await connection.ExecuteAsync(
            """
            insert into bank_details (member_id, key_id, nonce, ciphertext, tag, sort_code_mask, account_number_mask, version, updated_at, updated_by)
            select m, @keyId, n, c, t, '**-**-00', '****0000', 1, now(), 'bench' from unnest(@members, @nonces, @ciphertexts, @tags) as r (m, n, c, t)
            """,
            new
            {
                keyId = cipher.CurrentKeyId, members, nonces = encrypted.Select(e => e.Nonce).ToArray(), ciphertexts = encrypted.Select(e => e.Ciphertext).ToArray(),
                tags = encrypted.Select(e => e.Tag).ToArray(),
            });
        await connection.ExecuteAsync(
            """
            insert into claims (claim_id, reference, member_id, state, payment_method, created_at, created_by, submitted_at, submitted_by, due_on,
                approved_at, approved_by, version)
            select c, 'B-' || lpad(nextval('claim_numbers')::text, 7, '0'), m, 'approved', 'bank_transfer', now() - interval '2 days', 'bench',
                now() - interval '1 day', 'bench', current_date + 13, now() - interval '1 hour', 'bench-approver', 3
            from unnest(@claims, @members) as r (c, m);
            insert into expense_lines (expense_line_id, claim_id, category, incurred_on, vehicle, miles, amount_pence, cost_centre, created_at, created_by)
            select gen_random_uuid(), c, 'mileage', current_date - 3, 'car', 27.4, 1234, 'PPI-BENCH', now(), 'bench' from unnest(@claims) as r (c);
            """,
            new { claims, members });
    }
}
