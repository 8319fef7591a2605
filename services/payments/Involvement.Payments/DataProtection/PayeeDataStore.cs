using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using Involvement.Payments.Claims;
using Involvement.Payments.V1;

namespace Involvement.Payments.DataProtection;

/// <summary>
/// What payments holds on one member, read straight from the tables the fee, claim and run sub-domains write, so a
/// subject access export is complete whatever each of them shows in its own API.
/// </summary>
public sealed class PayeeDataStore(Db db)
{
    public async Task<IReadOnlyList<HeldFeeLine>> FeeLinesAsync(Guid memberId, CancellationToken cancellationToken) =>
        (await db.QueryAsync<FeeLineRow>(
            """
            select f.fee_line_id, f.participation_id, f.adjustment, f.opportunity_id, o.title as opportunity_title, f.session_id, f.session_date,
                f.role_type, f.rate_reference, f.hours, f.units, f.amount_pence, f.cost_centre, f.state, f.hold_reason, f.claim_id, f.created_at
            from fee_lines f left join opportunities o on o.opportunity_id = f.opportunity_id
            where f.member_id = @memberId
            order by f.session_date, f.participation_id, f.adjustment
            """,
            new { memberId }, cancellationToken)).Select(r => r.ToMessage()).ToList();

    public async Task<IReadOnlyList<HeldClaim>> ClaimsAsync(Guid memberId, CancellationToken cancellationToken)
    {
        var claims = (await db.QueryAsync<ClaimRow>(
            """
            select claim_id, reference, state, payment_method, created_at, submitted_at, due_on, approved_at, rejected_at, rejection_reason,
                query, query_answer, paid_at, paid_on,
                array(select fee_line_id from fee_lines f where f.claim_id = c.claim_id order by fee_line_id) as fee_line_ids
            from claims c where member_id = @memberId order by created_at, claim_id
            """,
            new { memberId }, cancellationToken)).Select(r => r.ToMessage()).ToList();
        var lines = await db.QueryAsync<ExpenseLineRow>(
            """
            select e.claim_id, e.expense_line_id, e.category, e.opportunity_id, e.session_id, e.incurred_on, e.vehicle, e.miles, e.passengers,
                e.amount_pence, e.receipt_reference, e.booked_by_trust, e.cost_centre
            from expense_lines e join claims c on c.claim_id = e.claim_id
            where c.member_id = @memberId order by e.incurred_on, e.expense_line_id
            """,
            new { memberId }, cancellationToken);
        foreach (var claim in claims)
        {
            claim.ExpenseLines.AddRange(lines.Where(l => l.ClaimId.ToString() == claim.ClaimId).Select(ToMessage));
        }

        return claims;
    }

    public async Task<IReadOnlyList<HeldRunPayment>> RunPaymentsAsync(Guid memberId, CancellationToken cancellationToken) =>
        (await db.QueryAsync<RunPaymentRow>(
            """
            select r.payment_run_id, r.reference as run_reference, r.method, rc.claim_id, rc.amount_pence, r.confirmed_at, r.paid_on, rc.returned_at, rc.returned_reason
            from payment_run_claims rc
            join payment_runs r on r.payment_run_id = rc.payment_run_id
            join claims c on c.claim_id = rc.claim_id
            where c.member_id = @memberId
            order by r.opened_at, rc.claim_id
            """,
            new { memberId }, cancellationToken)).Select(r => r.ToMessage()).ToList();

    private static string Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private sealed class FeeLineRow
    {
        public Guid FeeLineId { get; init; }
        public Guid ParticipationId { get; init; }
        public int Adjustment { get; init; }
        public Guid OpportunityId { get; init; }
        public string? OpportunityTitle { get; init; }
        public Guid SessionId { get; init; }
        public DateOnly SessionDate { get; init; }
        public string RoleType { get; init; } = "";
        public string RateReference { get; init; } = "";
        public decimal Hours { get; init; }
        public decimal Units { get; init; }
        public long AmountPence { get; init; }
        public string CostCentre { get; init; } = "";
        public string State { get; init; } = "";
        public string? HoldReason { get; init; }
        public Guid? ClaimId { get; init; }
        public DateTime CreatedAt { get; init; }

        public HeldFeeLine ToMessage() => new()
        {
            FeeLineId = FeeLineId.ToString(), ParticipationId = ParticipationId.ToString(), Adjustment = Adjustment,
            OpportunityId = OpportunityId.ToString(), OpportunityTitle = OpportunityTitle ?? "", SessionId = SessionId.ToString(),
            SessionDate = ProtoDates.ToProto(SessionDate), RoleType = RoleType, RateReference = RateReference, Hours = Text(Hours), Units = Text(Units),
            AmountPence = AmountPence, CostCentre = CostCentre, State = State, HoldReason = HoldReason ?? "",
            ClaimId = ClaimId?.ToString() ?? "", CreatedAt = ProtoDates.ToTimestamp(CreatedAt),
        };
    }

    private sealed class ClaimRow
    {
        public Guid ClaimId { get; init; }
        public string Reference { get; init; } = "";
        public string State { get; init; } = "";
        public string? PaymentMethod { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? SubmittedAt { get; init; }
        public DateOnly? DueOn { get; init; }
        public DateTime? ApprovedAt { get; init; }
        public DateTime? RejectedAt { get; init; }
        public string? RejectionReason { get; init; }
        public string? Query { get; init; }
        public string? QueryAnswer { get; init; }
        public DateTime? PaidAt { get; init; }
        public DateOnly? PaidOn { get; init; }
        public Guid[] FeeLineIds { get; init; } = [];

        public HeldClaim ToMessage() => new()
        {
            ClaimId = ClaimId.ToString(), Reference = Reference, State = State, PaymentMethod = PaymentMethod ?? "", CreatedAt = ProtoDates.ToTimestamp(CreatedAt),
            SubmittedAt = ProtoDates.ToTimestamp(SubmittedAt), DueOn = ProtoDates.ToProto(DueOn), ApprovedAt = ProtoDates.ToTimestamp(ApprovedAt), RejectedAt = ProtoDates.ToTimestamp(RejectedAt),
            RejectionReason = RejectionReason ?? "", Query = Query ?? "", QueryAnswer = QueryAnswer ?? "", PaidAt = ProtoDates.ToTimestamp(PaidAt), PaidOn = ProtoDates.ToProto(PaidOn),
            FeeLineIds = { FeeLineIds.Select(id => id.ToString()) },
        };
    }

    /// <summary>An expense line as the subject access export shows it.</summary>
    private static HeldExpenseLine ToMessage(ExpenseLineRow line) => new()
    {
        ExpenseLineId = line.ExpenseLineId.ToString(), Category = line.Category, OpportunityId = line.OpportunityId?.ToString() ?? "",
        SessionId = line.SessionId?.ToString() ?? "", IncurredOn = ProtoDates.ToProto(line.IncurredOn), Vehicle = line.Vehicle ?? "", Miles = Text(line.Miles),
        Passengers = line.Passengers ?? 0, AmountPence = line.AmountPence, ReceiptReference = line.ReceiptReference ?? "", BookedByTrust = line.BookedByTrust,
        CostCentre = line.CostCentre,
    };

    private sealed class RunPaymentRow
    {
        public Guid PaymentRunId { get; init; }
        public string RunReference { get; init; } = "";
        public string Method { get; init; } = "";
        public Guid ClaimId { get; init; }
        public long AmountPence { get; init; }
        public DateTime? ConfirmedAt { get; init; }
        public DateOnly? PaidOn { get; init; }
        public DateTime? ReturnedAt { get; init; }
        public string? ReturnedReason { get; init; }

        public HeldRunPayment ToMessage() => new()
        {
            PaymentRunId = PaymentRunId.ToString(), RunReference = RunReference, Method = Method, ClaimId = ClaimId.ToString(),
            AmountPence = AmountPence, ConfirmedAt = ProtoDates.ToTimestamp(ConfirmedAt), PaidOn = ProtoDates.ToProto(PaidOn), ReturnedAt = ProtoDates.ToTimestamp(ReturnedAt), ReturnedReason = ReturnedReason ?? "",
        };
    }
}
