using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Payments;

namespace Involvement.Payments.Runs;

/// <summary>What a confirmed run tells the others about each claim it paid.</summary>
public static class PaymentRunRules
{
    public const string FeeKind = "fee";

    /// <summary>
    /// The ClaimPaid of one claim: its amounts split into fees and expenses by category (travel the trust booked apart),
    /// and by cost centre, as the claim's other events count them. A claim with no due date counts as paid on time.
    /// </summary>
    public static ClaimPaid Paid(PaidClaimRow claim, IEnumerable<ClaimPartRow> parts, Guid runId, string method, DateOnly paidOn, DateTimeOffset now)
    {
        var list = parts.ToList();
        var fees = list.Where(p => p.Kind == FeeKind).ToList();
        var reimbursed = list.Where(p => p.Kind != FeeKind && !p.BookedByTrust).ToList();
        var feesPence = fees.Sum(p => p.AmountPence);
        var expensesPence = reimbursed.Sum(p => p.AmountPence);
        var amounts = new ClaimAmounts(
            feesPence,
            expensesPence,
            feesPence + expensesPence,
            reimbursed.GroupBy(p => p.Kind, StringComparer.Ordinal).Where(g => g.Sum(p => p.AmountPence) != 0).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(p => p.AmountPence), StringComparer.Ordinal),
            list.Where(p => p.BookedByTrust).Sum(p => p.AmountPence),
            [.. list.GroupBy(p => p.CostCentre, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new CostCentreAmount(g.Key, g.Sum(p => p.AmountPence)))]);
        var dueOn = claim.DueOn ?? paidOn;
        return new ClaimPaid(
            Guid.CreateVersion7(now), now, claim.Version, claim.ClaimId, claim.Reference, claim.MemberId, runId, method,
            SubmittedOn: UkTime.DateOf(new DateTimeOffset(DateTime.SpecifyKind(claim.SubmittedAt, DateTimeKind.Utc))),
            DueOn: dueOn,
            PaidOn: paidOn,
            PaidOnTime: paidOn <= dueOn,
            Amounts: amounts);
    }
}
