using Involvement.BuildingBlocks.Data;
using Involvement.Contracts.Payments;
using Involvement.Payments.V1;

namespace Involvement.Payments.Claims;

/// <summary>
/// INTEGRATION POINT for budgets (helper D, Budgets/): the warnings an approval shows when it takes a cost centre's
/// committed spend past a warning share (Payments__BudgetWarningPercents) of its budget for the financial year. Called
/// inside the approval's transaction, after the claim is approved (so committed includes it): e.g. an adapter over
/// <c>BudgetLedger.CheckClaimAsync(unit, claimId)</c> mapping its warnings to <see cref="BudgetWarning"/>. Budgets registers
/// it with <c>AddSingleton&lt;IClaimBudgetWarnings, ...&gt;()</c>, which replaces the placeholder below.
/// </summary>
public interface IClaimBudgetWarnings
{
    Task<IReadOnlyList<BudgetWarning>> OnApprovalAsync(UnitOfWork unit, Guid claimId, ClaimAmounts amounts, DateOnly approvedOn);
}

/// <summary>The placeholder until budgets provide warnings: none.</summary>
public sealed class NoBudgetWarnings : IClaimBudgetWarnings
{
    public Task<IReadOnlyList<BudgetWarning>> OnApprovalAsync(UnitOfWork unit, Guid claimId, ClaimAmounts amounts, DateOnly approvedOn) =>
        Task.FromResult<IReadOnlyList<BudgetWarning>>([]);
}
