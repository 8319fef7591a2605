using Dapper;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Contracts.Payments;
using Involvement.Payments.Claims;

namespace Involvement.Payments.Runs;

/// <summary>Settling a run: confirming it paid (once), or taking a claim out of it first.</summary>
public sealed partial class PaymentRunStore
{
    /// <summary>
    /// Marks every claim still in the run paid, with a ClaimPaid for each and a PaymentRunConfirmed, in one
    /// transaction. The run's row is locked first, so a second confirmation waits for the first, finds the run
    /// confirmed and changes nothing.
    /// </summary>
    public async Task<(PaymentRunRow Run, bool Changed)> ConfirmAsync(UnitOfWork unit, Guid runId, DateOnly paidOn, string actor)
    {
        var run = await LockAsync(unit, runId);
        if (!run.IsOpen)
        {
            return (run, false);
        }

        if (paidOn < run.OpenedOn)
        {
            // Nothing in a run can have been paid before the run gathered it.
            throw new RequestValidationException([new FieldViolation("paid_on",
                $"cannot be before {run.OpenedOn:yyyy-MM-dd}, the UK date payment run {run.Reference} was opened.")]);
        }

        var now = clock.GetUtcNowForDatabase();
        var paid = (await unit.QueryAsync<PaidClaimRow>(
            """
            update claims c set state = 'paid', paid_at = @now, paid_on = @paidOn, version = c.version + 1
            from payment_run_claims r
            where r.payment_run_id = @runId and r.returned_at is null and c.claim_id = r.claim_id and c.state = 'in_run'
            returning c.claim_id, c.reference, c.member_id, c.version, c.submitted_at, c.due_on, r.amount_pence
            """,
            new { runId, now = now.UtcDateTime, paidOn })).AsList();
        var amounts = await ClaimStore.AmountsAsync(unit, [.. paid.Select(c => c.ClaimId)]);
        var events = paid.OrderBy(c => c.ClaimId)
            .Select(c => PaymentRunRules.Paid(c, amounts[c.ClaimId], runId, run.Method, paidOn, now)).ToList();
        await unit.PublishAllAsync(events);
        await unit.ExecuteAsync(
            """
            update payment_runs set state = 'confirmed', confirmed_at = @now, confirmed_by = @actor, paid_on = @paidOn, version = version + 1
            where payment_run_id = @runId
            """,
            new { runId, now = now.UtcDateTime, actor, paidOn });
        var confirmed = await ReadAsync(unit, runId);
        await unit.PublishAsync(new PaymentRunConfirmed(Guid.CreateVersion7(now), now, confirmed.Version, runId, confirmed.Reference, confirmed.Method,
            paidOn, confirmed.ClaimCount, confirmed.TotalPence, confirmed.ReturnedCount, events.Count(e => e.PaidOnTime)));
        return (confirmed, true);
    }

    /// <summary>
    /// Takes a claim out of an open run with the reason: it goes back to approved (keeping when it was approved), so
    /// the next run gathers it. A confirmed run's claims are paid and stay so.
    /// </summary>
    public async Task<(PaymentRunRow Run, PaymentRunClaimRow Claim)> ReturnAsync(
        UnitOfWork unit, Guid runId, Guid claimId, string reason, long expectedVersion, string actor)
    {
        var run = await LockAsync(unit, runId);
        if (!run.IsOpen)
        {
            throw new ConflictException($"Payment run {run.Reference} is confirmed: its claims are paid and can no longer be returned.",
                [new PreconditionViolation("PAYMENT_RUN_STATE", "confirmed", "Only a claim in an open run can be returned.")]);
        }

        Versions.EnsureCurrent("Payment run", runId, run.Version, expectedVersion);

        var now = clock.GetUtcNowForDatabase();
        var returned = await unit.ExecuteAsync(
            """
            update payment_run_claims set returned_at = @now, returned_by = @actor, returned_reason = @reason
            where payment_run_id = @runId and claim_id = @claimId and returned_at is null
            """,
            new { runId, claimId, now = now.UtcDateTime, actor, reason });
        if (returned == 0)
        {
            var known = await unit.QuerySingleOrDefaultAsync<bool?>(
                "select true from payment_run_claims where payment_run_id = @runId and claim_id = @claimId", new { runId, claimId });
            throw known is null
                ? new NotFoundException($"Claim {claimId} is not in payment run {run.Reference}.")
                : new ConflictException($"Claim {claimId} was already returned from payment run {run.Reference}.",
                    [new PreconditionViolation("PAYMENT_RUN_CLAIM_STATE", "returned", "The claim is no longer in the run.")]);
        }

        await unit.ExecuteAsync("update claims set state = 'approved', version = version + 1 where claim_id = @claimId and state = 'in_run'", new { claimId });
        await unit.ExecuteAsync("update payment_runs set version = version + 1 where payment_run_id = @runId", new { runId });
        var claim = (await unit.QuerySingleOrDefaultAsync<PaymentRunClaimRow>(
            """
            select r.claim_id, c.reference as claim_reference, c.member_id, r.amount_pence, r.returned_at, r.returned_by, r.returned_reason
            from payment_run_claims r join claims c on c.claim_id = r.claim_id
            where r.payment_run_id = @runId and r.claim_id = @claimId
            """,
            new { runId, claimId }))!;
        return (await ReadAsync(unit, runId), claim);
    }

    private static async Task<PaymentRunRow> LockAsync(UnitOfWork unit, Guid runId)
    {
        if (await unit.QuerySingleOrDefaultAsync<Guid?>("select payment_run_id from payment_runs where payment_run_id = @runId for update", new { runId }) is null)
        {
            throw NotFound(runId);
        }

        return await ReadAsync(unit, runId);
    }
}
