using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Payments;

namespace Involvement.Payments.Runs;

/// <summary>What a confirmed run tells the others about each claim it paid.</summary>
public static class PaymentRunRules
{
    /// <summary>
    /// The ClaimPaid of one claim, with its amounts as the claim counts them (ClaimMoney). A claim with no due date
    /// counts as paid on time.
    /// </summary>
    public static ClaimPaid Paid(PaidClaimRow claim, ClaimAmounts amounts, Guid runId, string method, DateOnly paidOn, DateTimeOffset now)
    {
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
