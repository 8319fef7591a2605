using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Recruitment;
using Involvement.Payments.Claims;

namespace Involvement.Payments.Fees;

/// <summary>
/// Fee lines from attendance. One line per participation, whatever is redelivered or replayed in whatever order: the
/// unique key (participation_id, adjustment) decides, and the highest participation version wins. Every change
/// evaluates the month it touches again (<see cref="FeeEvaluator"/>).
/// </summary>
public sealed partial class FeeLineStore(Db db, FeeEvaluator evaluator, TimeProvider clock)
{
    /// <summary>Claim states in which a fee's amount is settled: approved, in a run, or paid. A correction adds an adjustment line.</summary>
    private static readonly string SettledClaimStates = ClaimStates.Sql(ClaimStates.Settled);

    /// <summary>Records the fee line of an attendance (recruitment's or training's), once.</summary>
    public async Task RecordAsync(UnitOfWork unit, FeeAttendance e)
    {
        var line = NewLine.From(e.ParticipationId, e.OpportunityId, e.SessionId, e.MemberId, e.RoleType, e.RateReference, e.SessionStartsAt,
            attended: true, e.Hours, e.Version);
        // Evaluated before it is written, so it goes in once, as it should be: one read and one insert per attendance.
        var month = await evaluator.ReadMonthForNewLineAsync(unit, line.Month, e.OpportunityId);
        if (month.Lines.Any(l => l.ParticipationId == e.ParticipationId))
        {
            return;   // recorded already (a correction, which is newer, may have made it)
        }

        var outcomes = evaluator.Evaluate(month, new MonthLine(line.FeeLineId, line.ParticipationId, line.SessionStartsAt, line.SessionDate, line.Hours,
            FeeRules.Payable, 0m, Claimed: false, CapOverridden: false, month.PublishedOn, month.CostCentre));
        if (await InsertEvaluatedAsync(unit, line, outcomes.Single(o => o.FeeLineId == line.FeeLineId)))
        {
            await evaluator.WriteChangesAsync(unit, month, outcomes, FeeEvaluator.Automatic);
        }
    }

    /// <summary>
    /// Applies a correction newer than what the line reflects. An unsettled fee (unclaimed, or in a claim not yet
    /// approved) is re-priced in place — void if the member did not attend — and a claim it is in shows the new amount.
    /// A settled fee stands; the difference goes on an adjustment line (adjustment n+1, negative to reverse), or onto
    /// the open adjustment line if an earlier correction left one unsettled.
    /// </summary>
    public async Task CorrectAsync(UnitOfWork unit, ParticipationCorrected e)
    {
        var hours = e.Attended ? e.Hours : 0m;
        var line = NewLine.From(e.ParticipationId, e.OpportunityId, e.SessionId, e.MemberId, e.RoleType, e.RateReference, e.SessionStartsAt,
            e.Attended, hours, e.AggregateVersion);
        if (!await LockAndInsertAsync(unit, line))
        {
            var fee = await LockFeeAsync(unit, e.ParticipationId);
            if (fee is null || fee.ParticipationVersion >= e.AggregateVersion)
            {
                return;   // what the line reflects is as new or newer
            }

            var price = await evaluator.PriceAsync(unit, fee.RateReference, fee.OpportunityId, fee.SessionDate, hours, e.Attended);
            if (fee.Settled)
            {
                await AdjustSettledAsync(unit, e.ParticipationId, price, hours, e.AggregateVersion);
            }
            else
            {
                await RepriceAsync(unit, fee, price, hours, e.Attended, e.AggregateVersion);
            }
        }

        await evaluator.EvaluateAsync(unit, [line.Month], FeeEvaluator.Automatic);
    }

    /// <summary>
    /// Locks a participation's fee lines and, first, every claim any of them is in (for share, in claim id order, as the
    /// claims area locks a claim before its lines), so an approval and a correction cannot cross: an approval in flight
    /// finishes first and the correction then sees its lines settled — the fee's own, and an open adjustment line that
    /// sits in another claim. Reads again if a line moved to another claim meanwhile.
    /// </summary>
    private static async Task<FeeStanding?> LockFeeAsync(UnitOfWork unit, Guid participationId)
    {
        while (true)
        {
            var claimIds = (await unit.QueryAsync<Guid>(
                "select distinct claim_id from fee_lines where participation_id = @participationId and claim_id is not null order by claim_id",
                new { participationId })).ToArray();
            var claimStates = (await unit.QueryAsync<(Guid ClaimId, string State)>(
                "select claim_id, state from claims where claim_id = any(@claimIds) order by claim_id for share", new { claimIds }))
                .ToDictionary(c => c.ClaimId, c => c.State);
            var lines = (await unit.QueryAsync<FeeStanding>(
                """
                select fee_line_id, adjustment, participation_version, claim_id, session_date, rate_reference, opportunity_id
                from fee_lines where participation_id = @participationId
                order by adjustment
                for update
                """,
                new { participationId })).ToList();
            if (lines.Select(l => l.ClaimId).OfType<Guid>().Distinct().Order().SequenceEqual(claimIds))
            {
                var fee = lines.FirstOrDefault(l => l.Adjustment == 0);
                return fee is null ? null : fee with { Settled = fee.ClaimId is { } id && ClaimStates.IsSettled(claimStates[id]) };
            }
        }
    }

    /// <summary>After a card gained a version: every unclaimed line on it, which the version may price differently.</summary>
    public Task ReevaluateRateCardAsync(UnitOfWork unit, string rateReference) =>
        ReevaluateAsync(unit, "f.rate_reference = @rateReference", new { rateReference }, FeeEvaluator.Automatic);

    /// <summary>After an opportunity's publication date or cost centre was learned or changed.</summary>
    public Task ReevaluateOpportunityAsync(UnitOfWork unit, Guid opportunityId) =>
        ReevaluateAsync(unit, "f.opportunity_id = @opportunityId", new { opportunityId }, FeeEvaluator.Automatic);

    /// <summary>
    /// After a member's payment preference changed: every unclaimed line of theirs. The member's lock comes first, so a
    /// line being recorded meanwhile is either seen here or sees the change.
    /// </summary>
    public async Task ReevaluateMemberAsync(UnitOfWork unit, Guid memberId)
    {
        await FeeLocks.MembersAsync(unit, [memberId]);
        await ReevaluateAsync(unit, "f.member_id = @memberId", new { memberId }, FeeEvaluator.Automatic);
    }

    /// <summary>After payments heard of a member: the months holding lines held because it had not (under the member's lock, as above).</summary>
    public async Task ReleaseUnknownMemberAsync(UnitOfWork unit, Guid memberId)
    {
        await FeeLocks.MembersAsync(unit, [memberId]);
        await ReevaluateAsync(unit, "f.member_id = @memberId and f.state = 'held' and f.hold_reason = 'unknown_member'", new { memberId }, FeeEvaluator.Automatic);
    }

    private async Task ReevaluateAsync(UnitOfWork unit, string where, object args, string resolver)
    {
        var months = (await unit.QueryAsync<(Guid MemberId, string RateReference, DateOnly Month)>(
            $"""
            select distinct f.member_id, f.rate_reference, date_trunc('month', f.session_date)::date as month
            from fee_lines f
            where {where} and f.adjustment = 0 and f.claim_id is null and f.state <> 'void'
            """,
            args)).Select(m => new FeeMonth(m.MemberId, m.RateReference, m.Month)).ToList();
        if (months.Count == 0)
        {
            return;
        }

        await FeeLocks.MembersAsync(unit, months.Select(m => m.MemberId));
        await evaluator.EvaluateAsync(unit, months, resolver);
    }

    /// <summary>
    /// Takes the line's locks (<see cref="FeeLocks.ForLineAsync"/>) and inserts it, in one statement: a payable
    /// placeholder (void if not attended) that is evaluated in this same transaction. False when the line exists.
    /// </summary>
    private async Task<bool> LockAndInsertAsync(UnitOfWork unit, NewLine line)
    {
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        return await unit.ExecuteAsync(
            """
            insert into fee_lines (fee_line_id, participation_id, adjustment, member_id, opportunity_id, session_id, session_starts_at, session_date,
                                   role_type, rate_reference, hours, units, amount_pence, cost_centre, state, participation_version, created_at, updated_at)
            select @FeeLineId, @ParticipationId, 0, @MemberId, @OpportunityId, @SessionId, @SessionStartsAt, @SessionDate,
                   @RoleType, @RateReference, @Hours, 0, 0, @costCentre, @State, @ParticipationVersion, @now, @now
            from (select pg_advisory_xact_lock_shared(hashtextextended('opportunity:' || @OpportunityId::text, 0)),
                         pg_advisory_xact_lock_shared(hashtextextended('rate:' || @RateReference, 0)),
                         pg_advisory_xact_lock(hashtextextended('member:' || @MemberId::text, 0))) as locks
            on conflict (participation_id, adjustment) do nothing
            """,
            new
            {
                line.FeeLineId, line.ParticipationId, line.MemberId, line.OpportunityId, line.SessionId, SessionStartsAt = line.SessionStartsAt.UtcDateTime,
                line.SessionDate, line.RoleType, line.RateReference, line.Hours, costCentre = evaluator.DefaultCostCentre,
                State = line.Attended ? FeeRules.Payable : FeeRules.Void, line.ParticipationVersion, now,
            }) == 1;
    }

    /// <summary>Inserts a new line as evaluated; false if the participation has its line already (the unique key decides).</summary>
    private async Task<bool> InsertEvaluatedAsync(UnitOfWork unit, NewLine line, FeeOutcome outcome)
    {
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        return await unit.ExecuteAsync(
            """
            insert into fee_lines (fee_line_id, participation_id, adjustment, member_id, opportunity_id, session_id, session_starts_at, session_date,
                                   role_type, rate_reference, hours, units, rate_effective_from, amount_pence, cost_centre, state, hold_reason,
                                   participation_version, created_at, updated_at)
            values (@FeeLineId, @ParticipationId, 0, @MemberId, @OpportunityId, @SessionId, @SessionStartsAt, @SessionDate,
                    @RoleType, @RateReference, @Hours, @Units, @RateEffectiveFrom, @amount, @CostCentre, @State, @HoldReason,
                    @ParticipationVersion, @now, @now)
            on conflict (participation_id, adjustment) do nothing
            """,
            new
            {
                line.FeeLineId, line.ParticipationId, line.MemberId, line.OpportunityId, line.SessionId, SessionStartsAt = line.SessionStartsAt.UtcDateTime,
                line.SessionDate, line.RoleType, line.RateReference, line.Hours, outcome.Units, outcome.RateEffectiveFrom, amount = outcome.Amount.Value,
                outcome.CostCentre, outcome.State, outcome.HoldReason, line.ParticipationVersion, now,
            }) == 1;
    }

    /// <summary>An unsettled fee takes the correction itself. Unclaimed, it is evaluated with its month afterwards; in a claim, it is priced here.</summary>
    private async Task RepriceAsync(UnitOfWork unit, FeeStanding fee, FeePrice price, decimal hours, bool attended, long participationVersion)
    {
        var claimed = fee.ClaimId is not null;
        await unit.ExecuteAsync(
            """
            update fee_lines set hours = @hours, participation_version = @participationVersion, version = version + 1, updated_at = @now,
                state = case when not @attended then 'void' when state = 'void' then 'payable' else state end,
                hold_reason = case when not @attended or state = 'void' then null else hold_reason end,
                units = case when @claimed or not @attended then @Units else units end,
                amount_pence = case when @claimed or not @attended then @amount else amount_pence end,
                rate_effective_from = case when @claimed or not @attended then @RateEffectiveFrom else rate_effective_from end
            where fee_line_id = @FeeLineId
            """,
            new
            {
                fee.FeeLineId, hours, participationVersion, attended, claimed, price.Units, amount = price.Amount.Value, price.RateEffectiveFrom,
                now = clock.GetUtcNowForDatabase().UtcDateTime,
            });
    }

    /// <summary>A settled fee stands: what it should now be, less what is settled, goes on the open adjustment line or a new one.</summary>
    private async Task AdjustSettledAsync(UnitOfWork unit, Guid participationId, FeePrice price, decimal hours, long participationVersion)
    {
        var now = clock.GetUtcNowForDatabase().UtcDateTime;
        await unit.ExecuteAsync("update fee_lines set participation_version = @participationVersion where participation_id = @participationId and adjustment = 0",
            new { participationId, participationVersion });
        var lines = (await unit.QueryAsync<(Guid FeeLineId, int Adjustment, decimal Units, long AmountPence, bool Settled)>(
            $"""
            select f.fee_line_id, f.adjustment, f.units, f.amount_pence, f.claim_id is not null and c.state in {SettledClaimStates} as settled
            from fee_lines f left join claims c on c.claim_id = f.claim_id
            where f.participation_id = @participationId
            order by f.adjustment
            for update of f
            """,
            new { participationId })).ToList();
        var settled = lines.Where(l => l.Settled).ToList();
        var units = price.Units - settled.Sum(l => l.Units);
        var amount = price.Amount.Value - settled.Sum(l => l.AmountPence);
        var open = lines.LastOrDefault(l => l.Adjustment > 0 && !l.Settled);
        if (open.FeeLineId != Guid.Empty)
        {
            await unit.ExecuteAsync(
                """
                update fee_lines set hours = @hours, units = @units, amount_pence = @amount, rate_effective_from = @RateEffectiveFrom,
                    state = case when @amount = 0 then 'void' else 'payable' end, participation_version = @participationVersion,
                    version = version + 1, updated_at = @now
                where fee_line_id = @FeeLineId
                """,
                new { open.FeeLineId, hours, units, amount, price.RateEffectiveFrom, participationVersion, now });
        }
        else if (amount != 0)
        {
            await unit.ExecuteAsync(
                """
                insert into fee_lines (fee_line_id, participation_id, adjustment, member_id, opportunity_id, session_id, session_starts_at, session_date,
                                       role_type, rate_reference, hours, units, rate_effective_from, amount_pence, cost_centre, state,
                                       participation_version, created_at, updated_at)
                select @id, participation_id, @adjustment, member_id, opportunity_id, session_id, session_starts_at, session_date,
                       role_type, rate_reference, @hours, @units, @RateEffectiveFrom, @amount, cost_centre, 'payable', @participationVersion, @now, @now
                from fee_lines where participation_id = @participationId and adjustment = 0
                """,
                new
                {
                    id = Guid.CreateVersion7(), adjustment = lines.Max(l => l.Adjustment) + 1, hours, units, price.RateEffectiveFrom, amount,
                    participationVersion, now, participationId,
                });
        }
    }

    /// <summary>The fee line a participation event makes.</summary>
    private sealed record NewLine(
        Guid FeeLineId, Guid ParticipationId, Guid OpportunityId, Guid SessionId, Guid MemberId, string RoleType, string RateReference,
        DateTimeOffset SessionStartsAt, DateOnly SessionDate, bool Attended, decimal Hours, long ParticipationVersion)
    {
        public FeeMonth Month => new(MemberId, RateReference, FeeRules.MonthOf(SessionDate));

        public static NewLine From(
            Guid participationId, Guid opportunityId, Guid sessionId, Guid memberId, string roleType, string rateReference,
            DateTimeOffset sessionStartsAt, bool attended, decimal hours, long participationVersion) =>
            new(Guid.CreateVersion7(), participationId, opportunityId, sessionId, memberId, roleType, rateReference, sessionStartsAt,
                UkTime.DateOf(sessionStartsAt), attended, hours, participationVersion);
    }

    private sealed record FeeStanding
    {
        public Guid FeeLineId { get; init; }
        public int Adjustment { get; init; }
        public long ParticipationVersion { get; init; }
        public Guid? ClaimId { get; init; }
        public bool Settled { get; init; }
        public DateOnly SessionDate { get; init; }
        public string RateReference { get; init; } = "";
        public Guid OpportunityId { get; init; }
    }
}
