using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Cli.Errors;
using Involvement.Cli.Output;
using Involvement.Payments.V1;

namespace Involvement.Cli.Commands;

/// <summary>What finance does with payment runs (open, export to a file, confirm paid) and budgets.</summary>
public static class FinanceRunCommands
{
    public static readonly IReadOnlyList<Command> All =
    [
        new("open-payment-run", Audience.Finance, "--method bank-transfer|vouchers [--cut-off <ISO-8601 instant>] [--idempotency-key <k>]",
            "batch every approved claim (up to the cut-off) into a new run", OpenAsync),
        new("get-payment-run", Audience.Finance, "--run-id <id>", "one run, with who exported it and when", GetAsync),
        new("list-payment-runs", Audience.Finance, "[--state open|confirmed]", "runs, newest first; every page", ListAsync),
        new("list-run-claims", Audience.Finance, "--run-id <id>", "the claims in a run; every page", ListClaimsAsync),
        new("export-payment-run", Audience.Finance, "--run-id <id> --out <file.csv>",
            "the CSV for the finance system, written owner-only (bank details in clear; each export is recorded)", ExportAsync),
        new("confirm-payment-run", Audience.Finance, "--run-id <id> [--paid-on yyyy-mm-dd]", "the run's claims are paid; repeating changes nothing", ConfirmAsync),
        new("return-claim", Audience.Finance, "--run-id <id> --claim-id <id> --reason <text> --version <run version>",
            "take a claim back out of a run (the bank refused it): back to approved, joins the next run", ReturnAsync),
        new("set-budget", Audience.Finance, "--cost-centre <cc> --year <2026> --allocated-pence <n> [--version 0]",
            "a cost centre's budget for a financial year (version 0 to create)", SetBudgetAsync),
        new("budget-report", Audience.Finance, "[--year <2026>] [--cost-centre <cc>]", "committed and paid against each budget", BudgetReportAsync),
    ];

    private static PaymentRunService.PaymentRunServiceClient Runs(CommandContext c) => new(c.Payments(Roles.Finance));

    private static BudgetService.BudgetServiceClient Budgets(CommandContext c) => new(c.Payments(Roles.Finance));

    private static Table RunTable(PaymentRun r) => Table.Fields(
        ("run id", r.PaymentRunId), ("reference", r.Reference), ("method", r.Method), ("state", r.State), ("cut-off", r.CutOff),
        ("claims", r.ClaimCount), ("total £", Table.Pounds(r.TotalPence)), ("returned", r.ReturnedCount), ("exports", r.ExportCount),
        ("paid on", r.PaidOn), ("version", r.Version));

    private static async Task<int> OpenAsync(CommandContext c)
    {
        Timestamp? cutOff = null;
        if (c.Args.Get("cut-off") is { } text)
        {
            cutOff = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
                ? Timestamp.FromDateTimeOffset(instant)
                : throw new UsageException("--cut-off must be an instant, such as 2026-03-31T23:59:59Z.");
        }

        var reply = await Runs(c).OpenPaymentRunAsync(new OpenPaymentRunRequest
        {
            IdempotencyKey = c.IdempotencyKey, Method = c.Args.RequireEnum<PaymentRunMethod>("method"), CutOff = cutOff,
        }, cancellationToken: c.Ct);
        c.Output.Write(reply, r =>
        {
            var table = RunTable(r.Run);
            foreach (var left in r.LeftOut)
            {
                table.Row("left out", $"{left.ClaimReference} ({left.Reason})");
            }

            return table;
        });
        return ExitCodes.Ok;
    }

    private static async Task<int> GetAsync(CommandContext c)
    {
        c.Output.Write(await Runs(c).GetPaymentRunAsync(new GetPaymentRunRequest { PaymentRunId = c.Args.Require("run-id") }, cancellationToken: c.Ct), r =>
        {
            var table = RunTable(r.Run);
            foreach (var e in r.Run.Exports)
            {
                table.Row("exported", $"{Table.Text(e.ExportedAt)} by {e.ExportedBy}");
            }

            return table;
        });
        return ExitCodes.Ok;
    }

    private static async Task<int> ListAsync(CommandContext c)
    {
        var request = new ListPaymentRunsRequest { State = c.Args.Enum<PaymentRunState>("state") ?? PaymentRunState.Unspecified, PageSize = 200 };
        var runs = await c.AllPagesAsync("payment runs", async token =>
        {
            request.PageToken = token;
            var page = await Runs(c).ListPaymentRunsAsync(request, cancellationToken: c.Ct);
            return (page.Runs, page.NextPageToken);
        });
        c.Output.Write(new ListPaymentRunsResponse { Runs = { runs } }, r => Table.From(r.Runs,
            ["reference", "run id", "method", "state", "claims", "total £", "opened", "paid on", "version"],
            x => [x.Reference, x.PaymentRunId, x.Method, x.State, x.ClaimCount, Table.Pounds(x.TotalPence), x.OpenedAt, x.PaidOn, x.Version]));
        return ExitCodes.Ok;
    }

    private static async Task<int> ListClaimsAsync(CommandContext c)
    {
        var request = new ListPaymentRunClaimsRequest { PaymentRunId = c.Args.Require("run-id"), PageSize = 200 };
        var claims = await c.AllPagesAsync("claims", async token =>
        {
            request.PageToken = token;
            var page = await Runs(c).ListPaymentRunClaimsAsync(request, cancellationToken: c.Ct);
            return (page.Claims, page.NextPageToken);
        });
        c.Output.Write(new ListPaymentRunClaimsResponse { Claims = { claims } }, r => Table.From(r.Claims,
            ["claim", "claim id", "member id", "£", "returned", "reason"],
            x => [x.ClaimReference, x.ClaimId, x.MemberId, Table.Pounds(x.AmountPence), x.Returned, x.ReturnedReason]));
        return ExitCodes.Ok;
    }

    private sealed record Exported(string Path, long Bytes);

    private static async Task<int> ExportAsync(CommandContext c)
    {
        var path = c.Args.Require("out");
        var runId = c.Args.Require("run-id");
        c.Progress.Report($"exporting payment run {runId} ...");
        // Bank details in clear: owner-only, moved into place when whole, never left behind on failure.
        var bytes = await PrivateFile.WriteAsync(path, async file =>
        {
            using var call = Runs(c).ExportPaymentRun(new ExportPaymentRunRequest { PaymentRunId = runId }, cancellationToken: c.Ct);
            long received = 0;
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(c.Ct))
            {
                chunk.Csv.WriteTo(file);
                received += chunk.Csv.Length;
                c.Progress.Report($"received {received:N0} bytes");
            }
        });
        c.Output.WritePlain(new Exported(path, bytes), e => $"wrote {e.Path} ({e.Bytes:N0} bytes)");
        return ExitCodes.Ok;
    }

    private static async Task<int> ConfirmAsync(CommandContext c)
    {
        var reply = await Runs(c).ConfirmPaymentRunAsync(new ConfirmPaymentRunRequest
        {
            PaymentRunId = c.Args.Require("run-id"), PaidOn = c.Args.Date("paid-on"),
        }, cancellationToken: c.Ct);
        c.Output.Write(reply, r => RunTable(r.Run).Row("changed", r.Changed));
        return ExitCodes.Ok;
    }

    private static async Task<int> ReturnAsync(CommandContext c)
    {
        c.Output.Write(await Runs(c).MarkClaimReturnedAsync(new MarkClaimReturnedRequest
        {
            PaymentRunId = c.Args.Require("run-id"), ClaimId = c.Args.Require("claim-id"), Reason = c.Args.Require("reason"),
            ExpectedVersion = c.Args.RequireLong("version"),
        }, cancellationToken: c.Ct), r => RunTable(r.Run));
        return ExitCodes.Ok;
    }

    private static async Task<int> SetBudgetAsync(CommandContext c)
    {
        c.Output.Write(await Budgets(c).SetBudgetAsync(new SetBudgetRequest
        {
            CostCentre = c.Args.Require("cost-centre"), FinancialYear = c.Args.RequireInt("year"),
            AllocatedPence = c.Args.RequireLong("allocated-pence"), ExpectedVersion = c.Args.Get("version") is null ? 0 : c.Args.RequireLong("version"),
        }, cancellationToken: c.Ct));
        return ExitCodes.Ok;
    }

    private static async Task<int> BudgetReportAsync(CommandContext c)
    {
        c.Output.Write(await Budgets(c).GetBudgetReportAsync(new GetBudgetReportRequest
        {
            FinancialYear = c.Args.WholeNumber("year", 0), CostCentre = c.Args.Get("cost-centre", ""),
        }, cancellationToken: c.Ct), r => Table.From(r.Positions,
            ["cost centre", "allocated £", "committed £", "paid £", "remaining £", "used %"],
            p => [p.CostCentre, p.BudgetSet ? Table.Pounds(p.AllocatedPence) : "no budget", Table.Pounds(p.CommittedPence), Table.Pounds(p.PaidPence), Table.Pounds(p.RemainingPence), p.UsedPercent]));
        return ExitCodes.Ok;
    }
}
