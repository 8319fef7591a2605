using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Payments;

namespace Involvement.Payments.Runs;

/// <summary>What a confirmed run tells the others about each claim it paid.</summary>
public static class PaymentRunRules
{
    public const string FeeKind = "fee";

    /// <summary>
    /// The ClaimPaid of one claim: its total as the run paid it, split into fees and expenses by category and by cost
    /// centre. A claim with no due date (never expected) counts as paid on time.
    /// </summary>
    public static ClaimPaid Paid(PaidClaimRow claim, IEnumerable<ClaimPartRow> parts, Guid runId, string method, DateOnly paidOn, DateTimeOffset now)
    {
        var list = parts.ToList();
        var dueOn = claim.DueOn ?? paidOn;
        return new ClaimPaid(
            Guid.CreateVersion7(now), now, claim.Version, claim.ClaimId, claim.MemberId, runId, method,
            TotalPence: claim.AmountPence,
            FeesPence: list.Where(p => p.Kind == FeeKind).Sum(p => p.AmountPence),
            ExpensesPence: list.Where(p => p.Kind != FeeKind).Sum(p => p.AmountPence),
            ExpensesByCategory: list.Where(p => p.Kind != FeeKind).GroupBy(p => p.Kind, StringComparer.Ordinal)
                .Where(g => g.Sum(p => p.AmountPence) != 0).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(p => p.AmountPence), StringComparer.Ordinal),
            CostCentres: [.. list.GroupBy(p => p.CostCentre, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new CostCentreAmount(g.Key, g.Sum(p => p.AmountPence)))],
            SubmittedOn: UkTime.DateOf(new DateTimeOffset(DateTime.SpecifyKind(claim.SubmittedAt, DateTimeKind.Utc))),
            DueOn: dueOn,
            PaidOn: paidOn,
            PaidOnTime: paidOn <= dueOn);
    }
}
