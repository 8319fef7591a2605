using Involvement.BuildingBlocks.Security;
using Involvement.Cli.Errors;
using Involvement.Cli.Output;
using Involvement.Payments.V1;

namespace Involvement.Cli.Commands;

/// <summary>What finance reads and maintains about the people it pays: payees (bank details masked), statements, subject access.</summary>
public static class FinancePayeeCommands
{
    public static readonly IReadOnlyList<Command> All =
    [
        new("get-payee", Audience.Finance, "--member-id <id>", "a member as payments knows them (bank details masked)", GetPayeeAsync),
        new("statement", Audience.Finance, "--member-id <id> --start-year <2026> [--period tax-year|financial-year]",
            "what a member was paid in a year, for benefits and tax", StatementAsync),
        new("export-payee-data", Audience.Finance, "--member-id <id>", "everything payments holds on a member (subject access)", ExportPayeeDataAsync),
        new("rotate-bank-details-key", Audience.Finance, "[--batch-size 500]",
            "re-encrypt bank details under the current key (Payments__BankDetailsCurrentKeyId)", RotateAsync),
    ];

    private static async Task<int> GetPayeeAsync(CommandContext c)
    {
        var reply = await new PayeeService.PayeeServiceClient(c.Payments(Roles.Finance))
            .GetPayeeAsync(new GetPayeeRequest { MemberId = c.Args.Require("member-id") }, cancellationToken: c.Ct);
        c.Output.Write(reply, r => Table.Fields(
            ("member id", r.Payee.MemberId), ("display name", r.Payee.DisplayName), ("preference", r.Payee.Preference),
            ("bank details", r.Payee.BankDetails is { } b ? $"{b.SortCode} {b.AccountNumber}" : "none held"),
            ("benefits information offered", r.Payee.BenefitsInformationOfferedOn), ("erased", r.Payee.Erased), ("version", r.Payee.Version)));
        return ExitCodes.Ok;
    }

    private static async Task<int> StatementAsync(CommandContext c)
    {
        c.Output.Write(await new StatementService.StatementServiceClient(c.Payments(Roles.Finance)).GetStatementAsync(new GetStatementRequest
        {
            MemberId = c.Args.Require("member-id"),
            Period = c.Args.Enum<StatementPeriod>("period") ?? StatementPeriod.TaxYear,
            StartYear = c.Args.RequireInt("start-year"),
        }, cancellationToken: c.Ct));
        return ExitCodes.Ok;
    }

    private static async Task<int> ExportPayeeDataAsync(CommandContext c)
    {
        c.Output.Write(await new PayeeDataService.PayeeDataServiceClient(c.Payments(Roles.Finance))
            .ExportPayeeDataAsync(new ExportPayeeDataRequest { MemberId = c.Args.Require("member-id") }, cancellationToken: c.Ct));
        return ExitCodes.Ok;
    }

    private static async Task<int> RotateAsync(CommandContext c)
    {
        c.Progress.Report("re-encrypting bank details ...");
        c.Output.Write(await new PayeeService.PayeeServiceClient(c.Payments(Roles.Finance))
            .RotateBankDetailsKeyAsync(new RotateBankDetailsKeyRequest { BatchSize = c.Args.WholeNumber("batch-size", 0) }, cancellationToken: c.Ct));
        return ExitCodes.Ok;
    }
}
