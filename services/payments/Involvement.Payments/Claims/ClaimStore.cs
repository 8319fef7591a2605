using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Payments.V1;
using Microsoft.Extensions.Options;

namespace Involvement.Payments.Claims;

/// <summary>
/// Claims and the fee lines they hold. Every change locks the claim row, checks the caller's version and bumps it, so
/// two people editing one claim cannot cross. Split by concern: lines here, the lifecycle and reading in partial files.
/// </summary>
public sealed partial class ClaimStore(
    Db db, TimeProvider clock, IOptions<PaymentsOptions> options, IClaimBudgetWarnings budgets, Expenses.ExpenseStore expenseStore)
{
    private PaymentsOptions Options => options.Value;

    public async Task<Claim> CreateAsync(UnitOfWork unit, Guid memberId, bool gatherFeeLines, ClaimActor actor)
    {
        actor.EnsureMayActOn(memberId);
        if (!await unit.QuerySingleOrDefaultAsync<bool>("select exists (select 1 from known_members where member_id = @memberId)", new { memberId }))
        {
            throw new NotFoundException($"No member {memberId} is known here yet. Members appear once recruitment has registered them.");
        }

        var now = clock.GetUtcNowForDatabase();
        var claimId = Guid.CreateVersion7(now);
        await unit.ExecuteAsync(
            """
            insert into claims (claim_id, reference, member_id, state, created_at, created_by, version)
            values (@claimId, 'C-' || lpad(nextval('claim_numbers')::text, 6, '0'), @memberId, @state, @now, @caller, 1)
            """,
            new { claimId, memberId, state = ClaimCodes.Draft, now = now.UtcDateTime, caller = actor.Caller });
        if (gatherFeeLines)
        {
            await unit.ExecuteAsync(
                "update fee_lines set claim_id = @claimId, updated_at = @now where member_id = @memberId and state = 'payable' and claim_id is null",
                new { claimId, memberId, now = now.UtcDateTime });
        }

        return await ReadAsync(unit, claimId);
    }

    /// <summary>
    /// Changes the lines of a draft or queried claim: locks it, checks who may and the version, runs the change,
    /// then bumps the version.
    /// </summary>
    public async Task<Claim> EditLinesAsync(UnitOfWork unit, Guid claimId, long expectedVersion, ClaimActor actor, Func<ClaimRow, Task> edit)
    {
        var claim = await LockAsync(unit, claimId, expectedVersion, actor);
        ClaimRules.EnsureEditable(claim.State);
        await edit(claim);
        await unit.ExecuteAsync("update claims set version = version + 1 where claim_id = @claimId", new { claimId });
        return await ReadAsync(unit, claimId);
    }

    /// <summary>Puts one of the member's payable fee lines, held by no claim, into the claim.</summary>
    public async Task AddFeeLineAsync(UnitOfWork unit, ClaimRow claim, Guid feeLineId)
    {
        var line = await unit.QuerySingleOrDefaultAsync<(Guid MemberId, string State, Guid? ClaimId)?>(
            "select member_id, state, claim_id from fee_lines where fee_line_id = @feeLineId for update", new { feeLineId })
            ?? throw new NotFoundException($"No fee line has id {feeLineId}.");
        if (line.MemberId != claim.MemberId)
        {
            throw new ConflictException("The fee line is another member's.",
                [new PreconditionViolation("FEE_LINE_MEMBER", feeLineId.ToString(), "A claim holds only its own member's fee lines.")]);
        }

        if (line.ClaimId is { } other)
        {
            throw new ConflictException(other == claim.ClaimId ? "The fee line is already in this claim." : "The fee line is already in another claim.",
                [new PreconditionViolation("FEE_LINE_CLAIMED", feeLineId.ToString(), "A fee line is in at most one claim.")]);
        }

        if (line.State != FeeStates.Payable)
        {
            throw new ConflictException($"The fee line is {line.State}, not payable.",
                [new PreconditionViolation("FEE_LINE_NOT_PAYABLE", feeLineId.ToString(), $"Only payable fee lines can be claimed; this one is {line.State}.")]);
        }

        await unit.ExecuteAsync("update fee_lines set claim_id = @claimId, updated_at = @now where fee_line_id = @feeLineId",
            new { claimId = claim.ClaimId, feeLineId, now = clock.GetUtcNowForDatabase().UtcDateTime });
    }

    /// <summary>
    /// Takes a fee line out (claimable again) or deletes an expense line. A reversing fee line (negative: a correction
    /// after payment) recovers an overpayment, so only the PPI team may take one out, never the member.
    /// </summary>
    public async Task RemoveLineAsync(UnitOfWork unit, ClaimRow claim, Guid lineId, ClaimActor actor)
    {
        var feeAmount = await unit.QuerySingleOrDefaultAsync<long?>(
            "select amount_pence from fee_lines where fee_line_id = @lineId and claim_id = @claimId for update", new { lineId, claimId = claim.ClaimId });
        if (feeAmount < 0 && actor.OwnClaimsOf is not null)
        {
            throw new PermissionDeniedException("A reversing fee line recovers an overpayment; only the PPI team or finance may take it out of a claim.");
        }

        var released = feeAmount is null ? 0 : await unit.ExecuteAsync(
            "update fee_lines set claim_id = null, updated_at = @now where fee_line_id = @lineId and claim_id = @claimId",
            new { lineId, claimId = claim.ClaimId, now = clock.GetUtcNowForDatabase().UtcDateTime });
        var deleted = released == 0
            ? await unit.ExecuteAsync("delete from expense_lines where expense_line_id = @lineId and claim_id = @claimId", new { lineId, claimId = claim.ClaimId })
            : 0;
        if (released + deleted == 0)
        {
            throw new NotFoundException($"Claim {claim.Reference} has no line with id {lineId}.");
        }
    }

    /// <summary>
    /// A claim goes forward only with every reversing fee line of its member that no submitted claim holds yet, so an
    /// overpayment is recovered from the next claim rather than left out of it.
    /// </summary>
    private static async Task EnsureReversalsIncludedAsync(UnitOfWork unit, ClaimRow claim)
    {
        var missing = (await unit.QueryAsync<Guid>(
            """
            select f.fee_line_id from fee_lines f left join claims c on c.claim_id = f.claim_id
            where f.member_id = @memberId and f.state = 'payable' and f.amount_pence < 0
              and (f.claim_id is null or c.state = 'draft') and f.claim_id is distinct from @claimId
            order by f.fee_line_id
            """,
            new { memberId = claim.MemberId, claimId = claim.ClaimId })).ToList();
        if (missing.Count > 0)
        {
            throw new ConflictException("The member has reversing fee lines (corrections after payment) that this claim must include.",
                missing.Select(id => new PreconditionViolation("REVERSAL_NOT_CLAIMED", id.ToString(),
                    $"Reversing fee line {id} recovers an overpayment; add it to this claim before it goes forward.")).ToList());
        }
    }

    /// <summary>Locks a claim for a change: it exists, the caller may act on it, and they read its current version.</summary>
    private static async Task<ClaimRow> LockAsync(UnitOfWork unit, Guid claimId, long expectedVersion, ClaimActor actor)
    {
        var claim = await unit.QuerySingleOrDefaultAsync<ClaimRow>($"select {ClaimRow.Columns} from claims where claim_id = @claimId for update", new { claimId })
            ?? throw NotFound(claimId);
        actor.EnsureMayActOn(claim.MemberId);
        Versions.EnsureCurrent("Claim", claimId, claim.Version, expectedVersion);
        return claim;
    }

    private static NotFoundException NotFound(Guid claimId) => new($"No claim has id {claimId}.");
}
