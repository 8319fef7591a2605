using Involvement.Payments.Statements;

namespace Involvement.UnitTests.Payments;

public sealed class StatementRulesTests
{
    private static readonly Guid ClaimA = Guid.CreateVersion7();
    private static readonly Guid ClaimB = Guid.CreateVersion7();

    private static StatementFeeLine Fee(DateOnly session, long pence, string state = "payable", Guid? claim = null, DateOnly? paidOn = null) =>
        new(Guid.CreateVersion7(), session, "Panel", "contributor", pence, state, claim, claim is null ? null : "CL-" + claim.Value.ToString("N")[..4],
            claim is null ? null : "bank_transfer", paidOn);

    private static StatementExpenseLine Expense(Guid claim, DateOnly paidOn, string category, long pence, bool receipted) =>
        new(claim, "CL-" + claim.ToString("N")[..4], "bank_transfer", paidOn, category, pence, receipted);

    [Theory]
    [InlineData(2026, "2026-04-06", "2027-04-05", "2026/27")]
    [InlineData(2099, "2099-04-06", "2100-04-05", "2099/00")]
    public void A_tax_year_runs_6_april_to_5_april(int year, string start, string end, string name)
    {
        Assert.Equal(new StatementWindow(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), name), StatementWindow.TaxYear(year));
    }

    [Fact]
    public void A_financial_year_runs_1_april_to_31_march()
    {
        Assert.Equal(new StatementWindow(new DateOnly(2026, 4, 1), new DateOnly(2027, 3, 31), "2026/27"), StatementWindow.FinancialYear(2026));
    }

    [Theory]
    [InlineData(2027, 4, 5, 2026)]
    [InlineData(2027, 4, 6, 2027)]
    public void A_payment_belongs_to_the_tax_year_of_the_date_finance_paid_it(int y, int m, int d, int taxYear)
    {
        var fees = new[] { Fee(new DateOnly(2027, 3, 1), 2000, claim: ClaimA, paidOn: new DateOnly(y, m, d)) };

        Assert.Single(StatementRules.Summarise(StatementWindow.TaxYear(taxYear), fees, []).FeesPaid);
        Assert.Empty(StatementRules.Summarise(StatementWindow.TaxYear(taxYear == 2026 ? 2027 : 2026), fees, []).FeesPaid);
    }

    [Fact]
    public void A_payment_on_1_april_falls_in_the_new_financial_year()
    {
        var fees = new[] { Fee(new DateOnly(2027, 3, 1), 2000, claim: ClaimA, paidOn: new DateOnly(2027, 4, 1)) };

        Assert.Empty(StatementRules.Summarise(StatementWindow.FinancialYear(2026), fees, []).FeesPaid);
        Assert.Equal(new DateOnly(2027, 4, 1), Assert.Single(StatementRules.Summarise(StatementWindow.FinancialYear(2027), fees, []).Payments).PaidOn);
    }

    [Fact]
    public void Fees_are_income_and_expenses_are_split_by_receipt_per_category_and_per_payment()
    {
        var paid = new DateOnly(2026, 6, 1);
        var fees = new[]
        {
            Fee(new DateOnly(2026, 5, 1), 2000, claim: ClaimA, paidOn: paid),
            Fee(new DateOnly(2026, 5, 2), -500, claim: ClaimB, paidOn: paid.AddDays(1)),   // a reversal after a correction
            Fee(new DateOnly(2026, 7, 1), 2000),
            Fee(new DateOnly(2026, 7, 2), 1500, state: "held"),
            Fee(new DateOnly(2026, 8, 1), 2000, state: "declined"),
            Fee(new DateOnly(2025, 8, 1), 2000),                                          // a session in another year, unpaid
        };
        var expenses = new[]
        {
            Expense(ClaimA, paid, "mileage", 450, receipted: false),
            Expense(ClaimA, paid, "parking", 300, receipted: true),
            Expense(ClaimA, paid, "parking", 250, receipted: false),
        };

        var summary = StatementRules.Summarise(StatementWindow.TaxYear(2026), fees, expenses);

        Assert.Equal(new StatementTotalsLine(new(1500), new(1000), new(300), new(700), new(3500), new(2000)), summary.Totals);
        Assert.Equal([("mileage", 1, 450L), ("parking", 2, 550L)], summary.Expenses.Select(c => (c.Category, c.Lines, c.Amount.Value)));
        Assert.Equal([(ClaimA, 2000L, 1000L), (ClaimB, -500L, 0L)], summary.Payments.Select(p => (p.ClaimId, p.Fees.Value, p.Expenses.Value)));
        Assert.Equal(2, summary.FeesUnpaid.Count);
        Assert.Single(summary.FeesDeclined);
    }

    [Fact]
    public void An_unpaid_fee_counts_in_the_year_of_its_session_even_when_its_claim_exists()
    {
        var fees = new[] { Fee(new DateOnly(2026, 4, 5), 2000, claim: ClaimA), Fee(new DateOnly(2026, 4, 6), 2000, claim: ClaimB) };

        var summary = StatementRules.Summarise(StatementWindow.TaxYear(2026), fees, []);

        Assert.Equal(new DateOnly(2026, 4, 6), Assert.Single(summary.FeesUnpaid).SessionDate);
        Assert.Equal(2000, summary.Totals.FeesUnpaid.Value);
    }
}
