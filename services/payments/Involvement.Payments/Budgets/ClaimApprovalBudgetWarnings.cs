using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Money;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Payments;
using Involvement.Payments.Claims;
using Involvement.Payments.V1;

namespace Involvement.Payments.Budgets;

/// <summary>
/// What an approval shows of budgets: every warning share reached by the budgets its lines are charged to (each
/// cost centre, in the financial year of each line's date), recording and publishing the shares reached for the first time.
/// </summary>
public sealed class ClaimApprovalBudgetWarnings(BudgetLedger ledger) : IClaimBudgetWarnings
{
    public async Task<IReadOnlyList<BudgetWarning>> OnApprovalAsync(UnitOfWork unit, Guid claimId, ClaimAmounts amounts, DateOnly approvedOn) =>
        [.. (await ledger.CheckClaimAsync(unit, claimId)).Select(Message)];

    private static BudgetWarning Message(BudgetShareReached share) => new()
    {
        CostCentre = share.Key.CostCentre,
        FinancialYear = share.Key.FinancialYear,
        Percent = share.Percent,
        AllocatedPence = share.Allocated.Value,
        CommittedPence = share.Committed.Value,
        Description = $"{share.Key.CostCentre} has reached {share.Percent} % of its {new FinancialYear(share.Key.FinancialYear)} budget: "
            + $"{share.Committed + share.Paid} committed or paid of {share.Allocated}.",
    };
}
