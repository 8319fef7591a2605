using Involvement.BuildingBlocks.Money;
using Involvement.BuildingBlocks.Time;

namespace Involvement.Payments.Statements;

/// <summary>The dates a statement covers, and its name ("2026/27").</summary>
public sealed record StatementWindow(DateOnly Start, DateOnly End, string Name)
{
    public static StatementWindow TaxYear(int startYear)
    {
        var year = new TaxYear(startYear);
        return new(year.Start, year.End, year.ToString());
    }

    public static StatementWindow FinancialYear(int startYear)
    {
        var year = new FinancialYear(startYear);
        return new(year.Start, year.End, year.ToString());
    }

    public bool Contains(DateOnly date) => date >= Start && date <= End;

}

/// <summary>A fee line a statement may show: paid (with the date finance paid its claim) or not.</summary>
public sealed record StatementFeeLine(
    Guid FeeLineId, DateOnly SessionDate, string? OpportunityTitle, string RoleType, long AmountPence, string State,
    Guid? ClaimId, string? ClaimReference, string? PaymentMethod, DateOnly? PaidOn);

/// <summary>A reimbursed expense line in a paid claim.</summary>
public sealed record StatementExpenseLine(Guid ClaimId, string ClaimReference, string? PaymentMethod, DateOnly PaidOn, string Category, long AmountPence, bool Receipted);

public sealed record StatementPaymentLine(Guid ClaimId, string ClaimReference, DateOnly PaidOn, string PaymentMethod, Pence Fees, Pence Expenses);

public sealed record StatementCategory(string Category, int Lines, Pence Amount, Pence Receipted, Pence Unreceipted);

public sealed record StatementTotalsLine(Pence FeesPaid, Pence ExpensesPaid, Pence ReceiptedExpenses, Pence UnreceiptedExpenses, Pence FeesUnpaid, Pence FeesDeclined);

public sealed record StatementSummary(
    IReadOnlyList<StatementPaymentLine> Payments,
    IReadOnlyList<StatementFeeLine> FeesPaid,
    IReadOnlyList<StatementCategory> Expenses,
    IReadOnlyList<StatementFeeLine> FeesUnpaid,
    IReadOnlyList<StatementFeeLine> FeesDeclined,
    StatementTotalsLine Totals);

/// <summary>
/// What a statement says. A payment belongs to the period holding the date finance paid its claim (the run's paid_on); a fee not paid yet,
/// or declined, to the period holding its session's date. Fees are income; expenses are reimbursements, split by
/// whether a receipt was given.
/// </summary>
public static class StatementRules
{
    public static StatementSummary Summarise(StatementWindow window, IEnumerable<StatementFeeLine> fees, IEnumerable<StatementExpenseLine> expenses)
    {
        var feeList = fees.ToList();
        var paidFees = feeList.Where(f => f.PaidOn is { } on && window.Contains(on))
            .OrderBy(f => f.PaidOn).ThenBy(f => f.SessionDate).ThenBy(f => f.FeeLineId).ToList();
        var unpaid = feeList.Where(f => f.PaidOn is null && f.State is "payable" or "held" && window.Contains(f.SessionDate))
            .OrderBy(f => f.SessionDate).ThenBy(f => f.FeeLineId).ToList();
        var declined = feeList.Where(f => f.PaidOn is null && f.State == "declined" && window.Contains(f.SessionDate))
            .OrderBy(f => f.SessionDate).ThenBy(f => f.FeeLineId).ToList();
        var paidExpenses = expenses.Where(e => window.Contains(e.PaidOn)).ToList();

        var payments = paidFees.Select(f => (f.ClaimId!.Value, f.ClaimReference ?? "", f.PaymentMethod, f.PaidOn!.Value, Fee: f.AmountPence, Expense: 0L))
            .Concat(paidExpenses.Select(e => (e.ClaimId, e.ClaimReference, e.PaymentMethod, e.PaidOn, Fee: 0L, Expense: e.AmountPence)))
            .GroupBy(p => p.Item1)
            .Select(g => new StatementPaymentLine(g.Key, g.First().Item2, g.First().Item4, g.First().PaymentMethod ?? "",
                new Pence(g.Sum(p => p.Fee)), new Pence(g.Sum(p => p.Expense))))
            .OrderBy(p => p.PaidOn).ThenBy(p => p.ClaimReference, StringComparer.Ordinal).ToList();
        var categories = paidExpenses.GroupBy(e => e.Category).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new StatementCategory(g.Key, g.Count(), Sum(g.Select(e => e.AmountPence)),
                Sum(g.Where(e => e.Receipted).Select(e => e.AmountPence)), Sum(g.Where(e => !e.Receipted).Select(e => e.AmountPence))))
            .ToList();
        var totals = new StatementTotalsLine(
            Sum(paidFees.Select(f => f.AmountPence)),
            Pence.Sum(categories.Select(c => c.Amount)),
            Pence.Sum(categories.Select(c => c.Receipted)),
            Pence.Sum(categories.Select(c => c.Unreceipted)),
            Sum(unpaid.Select(f => f.AmountPence)),
            Sum(declined.Select(f => f.AmountPence)));
        return new StatementSummary(payments, paidFees, categories, unpaid, declined, totals);
    }

    private static Pence Sum(IEnumerable<long> pence) => new(pence.Sum());
}
