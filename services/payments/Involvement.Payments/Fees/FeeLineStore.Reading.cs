using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using Involvement.Payments.V1;

namespace Involvement.Payments.Fees;

/// <summary>Fee lines as the API shows them.</summary>
public sealed partial class FeeLineStore
{
    public const string TokenList = "fee-lines";

    /// <param name="memberId">Null for every member's lines.</param>
    /// <param name="state">Null for every state.</param>
    /// <param name="holdReason">Null for any (or no) hold reason.</param>
    /// <param name="unrecoveredReversalsOnly">Only negative payable lines not in a paid claim: overpayments still owed back.</param>
    public async Task<Page<FeeLine>> ListAsync(
        Guid? memberId, string? state, string? holdReason, bool unrecoveredReversalsOnly, int pageSize, Guid? after, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<LineRow>(
            """
            select * from fee_lines f
            where (@memberId::uuid is null or member_id = @memberId)
              and (not @unrecoveredReversalsOnly
                   or (f.amount_pence < 0 and f.state = 'payable'
                       and not exists (select 1 from claims c where c.claim_id = f.claim_id and c.state = 'paid')))
              and (@state::text is null or state = @state)
              and (@holdReason::text is null or hold_reason = @holdReason)
              and (@after::uuid is null or fee_line_id > @after)
            order by fee_line_id limit @limit
            """,
            new { memberId, state, holdReason, unrecoveredReversalsOnly, after, limit = pageSize + 1 }, cancellationToken);
        return Page.Of(rows, pageSize, TokenList, r => r.FeeLineId).Select(r => r.ToMessage());
    }

    private static async Task<FeeLine> ReadAsync(UnitOfWork unit, Guid feeLineId) =>
        (await unit.QuerySingleOrDefaultAsync<LineRow>("select * from fee_lines where fee_line_id = @feeLineId", new { feeLineId }))?.ToMessage()
        ?? throw NotFound(feeLineId);

    private sealed class LineRow
    {
        public Guid FeeLineId { get; init; }
        public Guid ParticipationId { get; init; }
        public int Adjustment { get; init; }
        public Guid MemberId { get; init; }
        public Guid OpportunityId { get; init; }
        public Guid SessionId { get; init; }
        public DateTime SessionStartsAt { get; init; }
        public DateOnly SessionDate { get; init; }
        public string RoleType { get; init; } = "";
        public string RateReference { get; init; } = "";
        public decimal Hours { get; init; }
        public decimal Units { get; init; }
        public DateOnly? RateEffectiveFrom { get; init; }
        public long AmountPence { get; init; }
        public string CostCentre { get; init; } = "";
        public string State { get; init; } = "";
        public string? HoldReason { get; init; }
        public string? CapOverrideReason { get; init; }
        public string? CapOverrideBy { get; init; }
        public DateTime? CapOverrideAt { get; init; }
        public string? ResolvedBy { get; init; }
        public DateTime? ResolvedAt { get; init; }
        public Guid? ClaimId { get; init; }
        public long Version { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }

        public FeeLine ToMessage() => new()
        {
            FeeLineId = FeeLineId.ToString(),
            ParticipationId = ParticipationId.ToString(),
            Adjustment = Adjustment,
            MemberId = MemberId.ToString(),
            OpportunityId = OpportunityId.ToString(),
            SessionId = SessionId.ToString(),
            SessionStartsAt = Timestamp.FromDateTime(SessionStartsAt),
            SessionDate = ProtoDates.ToProto(SessionDate),
            RoleType = RoleType,
            RateReference = RateReference,
            Hours = (double)Hours,
            Units = (double)Units,
            RateEffectiveFrom = ProtoDates.ToProto(RateEffectiveFrom),
            AmountPence = AmountPence,
            CostCentre = CostCentre,
            State = CodeNames.Parse<FeeLineState>(State),
            HoldReason = HoldReason is { } reason ? CodeNames.Parse<HoldReason>(reason) : V1.HoldReason.Unspecified,
            CapOverrideReason = CapOverrideReason ?? "",
            CapOverrideBy = CapOverrideBy ?? "",
            CapOverrideAt = ProtoDates.ToTimestamp(CapOverrideAt),
            ResolvedBy = ResolvedBy ?? "",
            ResolvedAt = ProtoDates.ToTimestamp(ResolvedAt),
            ClaimId = ClaimId?.ToString() ?? "",
            Version = Version,
            CreatedAt = Timestamp.FromDateTime(CreatedAt),
            UpdatedAt = Timestamp.FromDateTime(UpdatedAt),
        };
    }
}
