using Involvement.BuildingBlocks.Data;
using Involvement.Contracts.Payments;
using Involvement.Payments.V1;

namespace Involvement.Payments.Claims;

/// <summary>
/// The budget warnings an approval shows when it takes a cost centre's spending to a warning share
/// (Payments__BudgetWarningPercents) of its budget for a financial year. Called inside the approval's transaction,
/// after the claim is approved (so committed includes it). Budgets implement it (Budgets/ClaimApprovalBudgetWarnings).
/// </summary>
public interface IClaimBudgetWarnings
{
    Task<IReadOnlyList<BudgetWarning>> OnApprovalAsync(UnitOfWork unit, Guid claimId, ClaimAmounts amounts, DateOnly approvedOn);
}
