using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Money;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Payments.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Payments.Budgets;

/// <summary>Budgets: finance sets them; finance, the PPI team and reporting read the report (aggregates only).</summary>
public sealed class BudgetApi(Db db, BudgetStore budgets, BudgetLedger ledger, TimeProvider clock) : BudgetService.BudgetServiceBase
{
    private const int MinYear = 2000;
    private const int MaxYear = 2100;
    private const long MaxAllocatedPence = 100_000_000_000;

    [Authorize(Roles = Roles.Finance)]
    public override async Task<SetBudgetResponse> SetBudget(SetBudgetRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var costCentre = CostCentres.Normalise(v.Required("cost_centre", request.CostCentre, 50));
        v.Must(request.FinancialYear is >= MinYear and <= MaxYear, "financial_year", $"must be the year the financial year starts in, {MinYear}-{MaxYear}.");
        v.Must(request.AllocatedPence is >= 0 and <= MaxAllocatedPence, "allocated_pence", $"must be from 0 to {MaxAllocatedPence} pence (£1bn).");
        var expectedVersion = v.ExpectedVersionOrNew("expected_version", request.ExpectedVersion);
        v.ThrowIfInvalid();
        var (budget, warnings) = await db.InTransactionAsync(
            unit => budgets.SetAsync(unit, new BudgetKey(costCentre, request.FinancialYear), new Pence(request.AllocatedPence), expectedVersion, context.Caller()),
            context.CancellationToken);
        return new SetBudgetResponse
        {
            Budget = new Budget
            {
                CostCentre = budget.CostCentre, FinancialYear = budget.FinancialYear, AllocatedPence = budget.AllocatedPence, Version = budget.Version,
                UpdatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(budget.UpdatedAt, DateTimeKind.Utc)), UpdatedBy = budget.UpdatedBy,
            },
            WarningPercentsReached = { warnings.Select(w => w.Percent) },
        };
    }

    [Authorize(Roles = $"{Roles.Finance},{Roles.PpiTeam},{Roles.ReportingConsumer}")]
    public override async Task<GetBudgetReportResponse> GetBudgetReport(GetBudgetReportRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Must(request.FinancialYear == 0 || request.FinancialYear is >= MinYear and <= MaxYear, "financial_year",
            $"must be the year the financial year starts in, {MinYear}-{MaxYear} (0 means the current one).");
        var costCentre = CostCentres.NormaliseOptional(v.Optional("cost_centre", request.CostCentre, 50));
        v.ThrowIfInvalid();
        var year = request.FinancialYear == 0 ? FinancialYear.Of(clock.Today()).StartYear : request.FinancialYear;
        var standings = await ledger.StandingsAsync(year, costCentre is null ? null : [costCentre], context.CancellationToken);
        return new GetBudgetReportResponse
        {
            FinancialYear = year,
            WarningPercents = { ledger.WarningPercents },
            Positions =
            {
                standings.Select(s => new BudgetPosition
                {
                    CostCentre = s.Key.CostCentre, AllocatedPence = s.Allocated.Value, BudgetSet = s.BudgetSet, CommittedPence = s.Committed.Value,
                    PaidPence = s.Paid.Value, RemainingPence = s.Remaining.Value, UsedPercent = BudgetRules.UsedPercent(s.Allocated, s.Spent),
                    WarningPercentsReached = { s.BudgetSet ? BudgetRules.SharesReached(s.Allocated, s.Spent, ledger.WarningPercents) : [] },
                    Version = s.Version,
                }),
            },
        };
    }
}
