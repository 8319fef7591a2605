using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;

namespace Involvement.Cli;

/// <summary>What finance does from the command line: payment runs (open, export to a file, confirm) and budgets.</summary>
public static class FinanceCommands
{
    public const string Usage = """
          open-payment-run --payments <url> --method bank_transfer|vouchers [--cut-off <ISO-8601 instant>] [--idempotency-key k]
          get-payment-run --payments <url> --run-id <id>
          export-payment-run --payments <url> --run-id <id> --out <file.csv>   the CSV for the finance system (each export is recorded)
          confirm-payment-run --payments <url> --run-id <id> [--paid-on yyyy-mm-dd]   claims paid; repeating changes nothing
          list-payment-runs --payments <url> [--state open|confirmed] [--page-token t]
          return-claim --payments <url> --run-id <id> --claim-id <id> --reason <text> --expected-version <run version>   back to approved, joins the next run
          set-budget --payments <url> --cost-centre <cc> --year <2026> --allocated-pence <n> [--expected-version 0]
          budget-report --payments <url> [--year <2026>] [--cost-centre <cc>]
        """;

    /// <summary>The command's exit code, or null when it is not a finance command.</summary>
    public static async Task<int?> RunAsync(Arguments a, JsonFormatter formatter, CancellationToken ct)
    {
        switch (a.Command)
        {
            case "open-payment-run":
                var opened = await Runs(a).OpenPaymentRunAsync(new OpenPaymentRunRequest
                {
                    IdempotencyKey = a.Get("idempotency-key", Guid.NewGuid().ToString()),
                    Method = a.Require("method") switch
                    {
                        "bank_transfer" => PaymentRunMethod.BankTransfer,
                        "vouchers" => PaymentRunMethod.Vouchers,
                        _ => throw new UsageException("--method must be bank_transfer or vouchers."),
                    },
                    CutOff = a.Get("cut-off") is { } cutOff
                        ? Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(cutOff, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal))
                        : null,
                }, cancellationToken: ct);
                Console.WriteLine(formatter.Format(opened));
                return 0;

            case "get-payment-run":
                Console.WriteLine(formatter.Format(await Runs(a).GetPaymentRunAsync(new GetPaymentRunRequest { PaymentRunId = a.Require("run-id") }, cancellationToken: ct)));
                return 0;

            case "export-payment-run":
                var path = a.Require("out");
                // Bank details in clear: owner-only, moved into place when whole, never left behind on failure.
                var bytes = await PrivateFile.WriteAsync(path, async file =>
                {
                    using var call = Runs(a).ExportPaymentRun(new ExportPaymentRunRequest { PaymentRunId = a.Require("run-id") }, cancellationToken: ct);
                    await foreach (var chunk in call.ResponseStream.ReadAllAsync(ct))
                    {
                        chunk.Csv.WriteTo(file);
                    }
                });
                Console.WriteLine($"{bytes:N0} bytes written to {path}");
                return 0;

            case "confirm-payment-run":
                var confirmed = await Runs(a).ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest
                {
                    PaymentRunId = a.Require("run-id"),
                    PaidOn = a.Get("paid-on") is { } paidOn ? Date(paidOn) : null,
                }, cancellationToken: ct);
                Console.WriteLine(formatter.Format(confirmed));
                return 0;

            case "list-payment-runs":
                Console.WriteLine(formatter.Format(await Runs(a).ListPaymentRunsAsync(new ListPaymentRunsRequest
                {
                    State = a.Get("state") switch
                    {
                        null => PaymentRunState.Unspecified,
                        "open" => PaymentRunState.Open,
                        "confirmed" => PaymentRunState.Confirmed,
                        _ => throw new UsageException("--state must be open or confirmed."),
                    },
                    PageToken = a.Get("page-token", ""),
                }, cancellationToken: ct)));
                return 0;

            case "return-claim":
                Console.WriteLine(formatter.Format(await Runs(a).MarkClaimReturnedAsync(new MarkClaimReturnedRequest
                {
                    PaymentRunId = a.Require("run-id"), ClaimId = a.Require("claim-id"), Reason = a.Require("reason"),
                    ExpectedVersion = long.Parse(a.Require("expected-version"), CultureInfo.InvariantCulture),
                }, cancellationToken: ct)));
                return 0;

            case "set-budget":
                Console.WriteLine(formatter.Format(await Budgets(a).SetBudgetAsync(new SetBudgetRequest
                {
                    CostCentre = a.Require("cost-centre"),
                    FinancialYear = int.Parse(a.Require("year"), CultureInfo.InvariantCulture),
                    AllocatedPence = long.Parse(a.Require("allocated-pence"), CultureInfo.InvariantCulture),
                    ExpectedVersion = long.Parse(a.Get("expected-version", "0"), CultureInfo.InvariantCulture),
                }, cancellationToken: ct)));
                return 0;

            case "budget-report":
                Console.WriteLine(formatter.Format(await Budgets(a).GetBudgetReportAsync(new GetBudgetReportRequest
                {
                    FinancialYear = int.Parse(a.Get("year", "0"), CultureInfo.InvariantCulture),
                    CostCentre = a.Get("cost-centre", ""),
                }, cancellationToken: ct)));
                return 0;

            default:
                return null;
        }
    }

    private static PaymentRunService.PaymentRunServiceClient Runs(Arguments a) => new(Client.Authorised(a.Require("payments"), Roles.Finance));

    private static BudgetService.BudgetServiceClient Budgets(Arguments a) => new(Client.Authorised(a.Require("payments"), Roles.Finance));

    private static Google.Type.Date Date(string text)
    {
        var date = DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day };
    }
}
