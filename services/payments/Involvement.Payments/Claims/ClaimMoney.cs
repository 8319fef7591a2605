using Involvement.Contracts.Payments;

namespace Involvement.Payments.Claims;

/// <summary>What a claim pays, by kind, category and cost centre: the same figures on the API and in every event.</summary>
public static class ClaimMoney
{
    public static ClaimAmounts Amounts(IReadOnlyCollection<FeeLineRow> feeLines, IReadOnlyCollection<ExpenseLineRow> expenseLines)
    {
        var payableFees = feeLines.Where(f => f.Payable).ToList();
        var fees = payableFees.Sum(f => f.AmountPence);
        var expenses = expenseLines.Sum(e => e.ReimbursedPence);
        var byCategory = expenseLines
            .Where(e => e.ReimbursedPence != 0)
            .GroupBy(e => e.Category)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(e => e.ReimbursedPence));
        var booked = expenseLines.Where(e => e.BookedByTrust).Sum(e => e.AmountPence);
        var costCentres = payableFees.Select(f => (f.CostCentre, f.AmountPence))
            .Concat(expenseLines.Select(e => (e.CostCentre, e.AmountPence)))
            .GroupBy(x => x.CostCentre, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CostCentreAmount(g.Key, g.Sum(x => x.AmountPence)))
            .ToList();
        return new ClaimAmounts(fees, expenses, fees + expenses, byCategory, booked, costCentres);
    }
}
