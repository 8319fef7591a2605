using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Money;
using Involvement.Payments.Claims;

namespace Involvement.Payments.Expenses;

/// <summary>Policy on expenses beyond a single line's fields: the per-claim caps by category.</summary>
public static class ExpenseRules
{
    /// <summary>
    /// Categories whose reimbursed total in one claim passes its cap (Payments__ExpenseCaps__&lt;category&gt;, in pence).
    /// Travel the trust booked is not reimbursed and does not count.
    /// </summary>
    public static IEnumerable<PreconditionViolation> CapProblems(IReadOnlyCollection<ExpenseLineRow> lines, IReadOnlyDictionary<string, long> caps) =>
        lines.GroupBy(l => l.Category, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Category: g.Key, Total: new Pence(g.Sum(l => l.ReimbursedPence))))
            .Where(c => caps.TryGetValue(c.Category, out var cap) && c.Total.Value > cap)
            .Select(c => new PreconditionViolation("EXPENSE_CAP", c.Category,
                $"{c.Category} comes to {c.Total}, over the cap of {new Pence(caps[c.Category])} a claim."));
}
