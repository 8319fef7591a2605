using Involvement.BuildingBlocks.Money;
using Involvement.Payments.Budgets;

namespace Involvement.UnitTests.Payments;

public sealed class BudgetRulesTests
{
    private static readonly int[] Shares = [80, 100];

    [Theory]
    [InlineData(100_000, 0, new int[0])]
    [InlineData(100_000, 79_999, new int[0])]
    [InlineData(100_000, 80_000, new[] { 80 })]
    [InlineData(100_000, 99_999, new[] { 80 })]
    [InlineData(100_000, 100_000, new[] { 80, 100 })]
    [InlineData(100_000, 250_000, new[] { 80, 100 })]
    [InlineData(3, 3, new[] { 80, 100 })]
    [InlineData(3, 2, new int[0])]   // 66 %: shares are exact, never rounded up
    public void A_share_is_reached_when_spending_is_at_least_that_share_of_the_allocation(long allocated, long spent, int[] reached)
    {
        Assert.Equal(reached, BudgetRules.SharesReached(new Pence(allocated), new Pence(spent), Shares));
    }

    [Fact]
    public void A_zero_budget_warns_at_its_first_penny_but_not_before()
    {
        Assert.Empty(BudgetRules.SharesReached(Pence.Zero, Pence.Zero, Shares));
        Assert.Equal(Shares, BudgetRules.SharesReached(Pence.Zero, new Pence(1), Shares));
    }

    [Fact]
    public void Shares_come_out_once_each_in_order_whatever_the_settings_order()
    {
        Assert.Equal([50, 80, 100], BudgetRules.SharesReached(new Pence(100), new Pence(100), [100, 50, 80, 50]));
    }

    [Theory]
    [InlineData(100_000, 0, 0)]
    [InlineData(100_000, 79_999, 79)]
    [InlineData(100_000, 150_000, 150)]
    [InlineData(0, 500, 0)]
    public void Used_percent_rounds_down(long allocated, long spent, int percent)
    {
        Assert.Equal(percent, BudgetRules.UsedPercent(new Pence(allocated), new Pence(spent)));
    }

    [Fact]
    public void Remaining_is_what_is_neither_committed_nor_paid_and_goes_negative_when_overspent()
    {
        var standing = new BudgetStanding(new BudgetKey("PPI", 2026), true, new Pence(10_000), new Pence(4_000), new Pence(7_500), 1);

        Assert.Equal(new Pence(11_500), standing.Spent);
        Assert.Equal(new Pence(-1_500), standing.Remaining);
    }

    [Fact]
    public void Budgets_are_locked_once_each_by_year_then_cost_centre_whatever_order_a_claim_names_them()
    {
        BudgetKey[] keys = [new("PPI", 2026), new("CARDIO", 2025), new("cardio", 2026), new("PPI", 2026), new("CARDIO", 2026)];

        Assert.Equal([new("CARDIO", 2025), new("CARDIO", 2026), new("PPI", 2026), new("cardio", 2026)], BudgetRules.LockOrder(keys));
        Assert.Equal(BudgetRules.LockOrder(keys), BudgetRules.LockOrder(keys.Reverse()));
    }
}

