using Involvement.BuildingBlocks.Money;

namespace Involvement.Payments.Budgets;

/// <summary>What a budget's spending means against its allocation: pure, so the shares are decided in one place.</summary>
public static class BudgetRules
{
    /// <summary>
    /// The configured shares that spending (committed and paid) has reached, smallest first. Nothing is reached
    /// before anything is spent, so a budget of zero warns at its first penny rather than the moment it is set.
    /// </summary>
    public static IReadOnlyList<int> SharesReached(Pence allocated, Pence spent, IEnumerable<int> warningPercents) =>
        spent.Value <= 0
            ? []
            : [.. warningPercents.Distinct().Order().Where(p => (decimal)spent.Value * 100 >= (decimal)allocated.Value * p)];

    /// <summary>
    /// The budgets to lock, once each, in the one order every transaction uses (year, then cost centre by ordinal,
    /// as the lock statement sorts with collate "C"): two approvals charging the same budgets never wait on each other in
    /// a circle.
    /// </summary>
    public static IReadOnlyList<BudgetKey> LockOrder(IEnumerable<BudgetKey> keys) =>
        [.. keys.Distinct().OrderBy(k => k.FinancialYear).ThenBy(k => k.CostCentre, StringComparer.Ordinal)];

    /// <summary>Spending as a whole-number share of the allocation, rounded down; 0 when nothing is allocated.</summary>
    public static int UsedPercent(Pence allocated, Pence spent) =>
        allocated.Value <= 0 ? 0 : (int)Math.Min(int.MaxValue, decimal.Floor((decimal)spent.Value * 100 / allocated.Value));
}

/// <summary>A cost centre's budget in one NHS financial year (named by the year it starts in).</summary>
public readonly record struct BudgetKey(string CostCentre, int FinancialYear);

/// <summary>Where a budget stands: allocated (zero when none is set), committed and paid.</summary>
public sealed record BudgetStanding(BudgetKey Key, bool BudgetSet, Pence Allocated, Pence Committed, Pence Paid, long Version)
{
    public Pence Spent => Committed + Paid;

    public Pence Remaining => Allocated - Spent;
}

/// <summary>A warning share a budget has reached, for a claim's approval or the budget report to show.</summary>
public sealed record BudgetShareReached(BudgetKey Key, int Percent, Pence Allocated, Pence Committed, Pence Paid);
