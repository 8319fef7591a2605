using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Payments.Payees;
using Involvement.Payments.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Payments.Statements;

/// <summary>A member's statement for a tax year or a financial year.</summary>
public sealed class StatementApi(PayeeStore payees, StatementStore statements, TimeProvider clock) : StatementService.StatementServiceBase
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    [Authorize(Roles = $"{Roles.Finance},{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<GetStatementResponse> GetStatement(GetStatementRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        var period = v.Enum("period", request.Period, required: true);
        v.Must(request.StartYear is >= FirstYear and <= LastYear, "start_year", $"must be the year the period starts in, from {FirstYear} to {LastYear} (2026 for 2026/27).");
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.Finance, Roles.PpiTeam);
        var ct = context.CancellationToken;
        var payee = await payees.GetAsync(memberId, ct);
        var window = period == StatementPeriod.TaxYear ? StatementWindow.TaxYear(request.StartYear) : StatementWindow.FinancialYear(request.StartYear);
        var summary = StatementRules.Summarise(window,
            await statements.FeeLinesAsync(memberId, window, ct), await statements.ExpenseLinesAsync(memberId, window, ct));
        return new GetStatementResponse
        {
            Statement = new Statement
            {
                MemberId = payee.MemberId, DisplayName = payee.DisplayName, Period = period, StartYear = request.StartYear, PeriodName = window.Name,
                StartsOn = ProtoDates.ToProto(window.Start), EndsOn = ProtoDates.ToProto(window.End),
                Payments = { summary.Payments.Select(ToMessage) },
                FeesPaid = { summary.FeesPaid.Select(ToMessage) },
                ExpensesPaid = { summary.Expenses.Select(ToMessage) },
                FeesUnpaid = { summary.FeesUnpaid.Select(ToMessage) },
                FeesDeclined = { summary.FeesDeclined.Select(ToMessage) },
                Totals = new StatementTotals
                {
                    FeesPaidPence = summary.Totals.FeesPaid.Value, ExpensesPaidPence = summary.Totals.ExpensesPaid.Value,
                    ReceiptedExpensesPence = summary.Totals.ReceiptedExpenses.Value, UnreceiptedExpensesPence = summary.Totals.UnreceiptedExpenses.Value,
                    FeesUnpaidPence = summary.Totals.FeesUnpaid.Value, FeesDeclinedPence = summary.Totals.FeesDeclined.Value,
                },
                ProducedAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
            },
        };
    }

    private static StatementPayment ToMessage(StatementPaymentLine p) => new()
    {
        ClaimId = p.ClaimId.ToString(), ClaimReference = p.ClaimReference, PaidOn = ProtoDates.ToProto(p.PaidOn), PaymentMethod = p.PaymentMethod,
        FeesPence = p.Fees.Value, ExpensesPence = p.Expenses.Value,
    };

    private static StatementFee ToMessage(StatementFeeLine f) => new()
    {
        FeeLineId = f.FeeLineId.ToString(), SessionDate = ProtoDates.ToProto(f.SessionDate), OpportunityTitle = f.OpportunityTitle ?? "",
        RoleType = f.RoleType, AmountPence = f.AmountPence, State = f.State, ClaimReference = f.ClaimReference ?? "",
        PaidOn = ProtoDates.ToProto(f.PaidOn),
    };

    private static StatementExpenses ToMessage(StatementCategory c) => new()
    {
        Category = c.Category, Lines = c.Lines, AmountPence = c.Amount.Value, ReceiptedPence = c.Receipted.Value, UnreceiptedPence = c.Unreceipted.Value,
    };
}
