using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Payments.V1;

namespace Involvement.Payments.Fees;

/// <summary>Held lines put right by a person: evaluated again, or paid over the monthly cap with a recorded reason.</summary>
public sealed partial class FeeLineStore
{
    /// <summary>Evaluates a held line's month again; it stays held (with its current reason) if what held it still holds.</summary>
    public async Task<FeeLine> ResolveAsync(UnitOfWork unit, Guid feeLineId, long expectedVersion, string actor)
    {
        var line = await LockLineAsync(unit, feeLineId);
        Versions.EnsureCurrent("Fee line", feeLineId, line.Version, expectedVersion);
        if (line.State != FeeRules.Held)
        {
            throw new ConflictException($"Fee line {feeLineId} is {line.State}, not held: there is nothing to resolve.",
                [new PreconditionViolation("FEE_LINE_STATE", "fee_line_id", $"the line is {line.State}.")]);
        }

        await evaluator.EvaluateAsync(unit, [line.Month], actor);
        return await ReadAsync(unit, feeLineId);
    }

    /// <summary>Pays a line held over the monthly cap: the override (who, when, why) is recorded and the line uses none of the cap.</summary>
    public async Task<FeeLine> OverrideCapAsync(UnitOfWork unit, Guid feeLineId, long expectedVersion, string reason, string actor)
    {
        var line = await LockLineAsync(unit, feeLineId);
        Versions.EnsureCurrent("Fee line", feeLineId, line.Version, expectedVersion);
        if (line is not { State: FeeRules.Held, HoldReason: FeeRules.OverMonthlyCap })
        {
            throw new ConflictException($"Fee line {feeLineId} is not held over the monthly cap; only such a line can be paid over it.",
                [new PreconditionViolation("FEE_LINE_STATE", "fee_line_id", $"the line is {line.State}{(line.HoldReason is { } r ? $" ({r})" : "")}.")]);
        }

        await unit.ExecuteAsync(
            """
            update fee_lines set cap_override_reason = @reason, cap_override_by = @actor, cap_override_at = @now, version = version + 1, updated_at = @now
            where fee_line_id = @feeLineId
            """,
            new { feeLineId, reason, actor, now = clock.GetUtcNowForDatabase().UtcDateTime });
        await evaluator.EvaluateAsync(unit, [line.Month], actor);
        return await ReadAsync(unit, feeLineId);
    }

    /// <summary>Takes the locks a line's evaluation needs (in their order), then the line itself.</summary>
    private static async Task<LockedLine> LockLineAsync(UnitOfWork unit, Guid feeLineId)
    {
        var key = await unit.QuerySingleOrDefaultAsync<(Guid OpportunityId, string RateReference, Guid MemberId)?>(
            "select opportunity_id, rate_reference, member_id from fee_lines where fee_line_id = @feeLineId", new { feeLineId })
            ?? throw NotFound(feeLineId);
        await FeeLocks.ForLineAsync(unit, key.OpportunityId, key.RateReference, key.MemberId);
        return (await unit.QuerySingleOrDefaultAsync<LockedLine>(
            "select member_id, rate_reference, session_date, state, hold_reason, version from fee_lines where fee_line_id = @feeLineId for update",
            new { feeLineId }))!;
    }

    private static NotFoundException NotFound(Guid feeLineId) => new($"No fee line has id {feeLineId}.");

    private sealed class LockedLine
    {
        public Guid MemberId { get; init; }
        public string RateReference { get; init; } = "";
        public DateOnly SessionDate { get; init; }
        public string State { get; init; } = "";
        public string? HoldReason { get; init; }
        public long Version { get; init; }

        public FeeMonth Month => new(MemberId, RateReference, FeeRules.MonthOf(SessionDate));
    }
}
