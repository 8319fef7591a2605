using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Payments;
using Involvement.Payments.Payees;
using Involvement.Payments.V1;

namespace Involvement.Payments.Claims;

/// <summary>
/// Submit, approve, query, answer, reject: each a locked, versioned change, with its event in the same transaction.
/// The API logs them once committed (ClaimLog), so a rolled-back change is never logged as made.
/// </summary>
public sealed partial class ClaimStore
{
    public async Task<Claim> SubmitAsync(UnitOfWork unit, Guid claimId, long expectedVersion, ClaimActor actor)
    {
        var claim = await LockAsync(unit, claimId, expectedVersion, actor);
        ClaimRules.EnsureState(claim.State, "submitted", ClaimCodes.Draft);
        await EnsureReversalsIncludedAsync(unit, claim);
        await expenseStore.RepriceMileageAsync(unit, claim);
        var (fees, expenses) = await LinesAsync(unit, claimId);
        EnsureSubmittable(fees, expenses);

        var now = clock.GetUtcNowForDatabase();
        var today = UkTime.DateOf(now);
        var dueOn = ClaimRules.DueOn(today, Options.ClaimDueDays);
        var preference = await PayeeStore.PreferenceAsync(unit, claim.MemberId);
        var method = preference == "vouchers" ? ClaimPaymentMethod.Vouchers : ClaimPaymentMethod.BankTransfer;
        var submitted = await unit.QuerySingleOrDefaultAsync<ClaimRow>(
            $"""
            update claims set state = @state, submitted_at = @now, submitted_by = @caller, due_on = @dueOn, payment_method = @method,
                version = version + 1
            where claim_id = @claimId
            returning {ClaimRow.Columns}
            """,
            new { claimId, state = ClaimCodes.Submitted, now = now.UtcDateTime, caller = actor.Caller, dueOn, method = ClaimCodes.Of(method) });
        var amounts = ClaimMoney.Amounts(fees, expenses);
        await unit.PublishAsync(new ClaimSubmitted(Guid.CreateVersion7(now), now, claim.Version + 1, claimId, claim.Reference, claim.MemberId,
            ClaimCodes.Of(method), today, dueOn, amounts));
        return await ToClaimAsync(unit, submitted!, fees, expenses);
    }

    public async Task<Claim> ApproveAsync(UnitOfWork unit, Guid claimId, long expectedVersion, ClaimActor actor)
    {
        var claim = await LockAsync(unit, claimId, expectedVersion, actor);
        ClaimRules.EnsureMayApprove(actor.Caller, actor.CallerMemberId, claim.MemberId, claim.CreatedBy, claim.SubmittedBy, claim.QueryAnswerers);
        ClaimRules.EnsureState(claim.State, "approved", ClaimCodes.Submitted);
        var (fees, expenses) = await LinesAsync(unit, claimId);
        EnsureSubmittable(fees, expenses);

        var now = clock.GetUtcNowForDatabase();
        var today = UkTime.DateOf(now);
        var row = await unit.QuerySingleOrDefaultAsync<ClaimRow>(
            $"update claims set state = @state, approved_at = @now, approved_by = @caller, version = version + 1 where claim_id = @claimId returning {ClaimRow.Columns}",
            new { claimId, state = ClaimCodes.Approved, now = now.UtcDateTime, caller = actor.Caller });
        var amounts = ClaimMoney.Amounts(fees, expenses);
        await unit.PublishAsync(new ClaimApproved(Guid.CreateVersion7(now), now, claim.Version + 1, claimId, claim.Reference, claim.MemberId,
            claim.PaymentMethod!, UkTime.DateOf(claim.SubmittedAt!.Value), claim.DueOn!.Value, today, amounts));
        var approved = await ToClaimAsync(unit, row!, fees, expenses);
        approved.BudgetWarnings.AddRange(await budgets.OnApprovalAsync(unit, claimId, amounts, today));
        return approved;
    }

    public async Task<Claim> QueryAsync(UnitOfWork unit, Guid claimId, long expectedVersion, string question, ClaimActor actor)
    {
        var claim = await LockAsync(unit, claimId, expectedVersion, actor);
        ClaimRules.EnsureState(claim.State, "queried", ClaimCodes.Submitted);
        await unit.ExecuteAsync(
            """
            update claims set state = @state, query = @question, queried_at = @now, queried_by = @caller,
                query_answer = null, query_answered_at = null, version = version + 1
            where claim_id = @claimId
            """,
            new { claimId, state = ClaimCodes.Queried, question, now = clock.GetUtcNowForDatabase().UtcDateTime, caller = actor.Caller });
        return await ReadAsync(unit, claimId);
    }

    /// <summary>The submitter (or the PPI team for them) answers; the claim is submitted again, its due date unchanged.</summary>
    public async Task<Claim> AnswerAsync(UnitOfWork unit, Guid claimId, long expectedVersion, string answer, ClaimActor actor)
    {
        var claim = await LockAsync(unit, claimId, expectedVersion, actor);
        ClaimRules.EnsureState(claim.State, "answered", ClaimCodes.Queried);
        await EnsureReversalsIncludedAsync(unit, claim);
        await expenseStore.RepriceMileageAsync(unit, claim);
        var (fees, expenses) = await LinesAsync(unit, claimId);
        EnsureSubmittable(fees, expenses);
        await unit.ExecuteAsync(
            """
            update claims set state = @state, query_answer = @answer, query_answered_at = @now, query_answered_by = @caller,
                query_answerers = case when @caller = any(query_answerers) then query_answerers else array_append(query_answerers, @caller) end,
                version = version + 1
            where claim_id = @claimId
            """,
            new { claimId, state = ClaimCodes.Submitted, answer, now = clock.GetUtcNowForDatabase().UtcDateTime, caller = actor.Caller });
        return await ReadAsync(unit, claimId);
    }

    /// <summary>
    /// Rejects a submitted or queried claim with a reason. Its fee lines are released, so attendance the member is
    /// owed can be claimed again; its expense lines stay with it as the record of what was refused.
    /// </summary>
    public async Task<Claim> RejectAsync(UnitOfWork unit, Guid claimId, long expectedVersion, string reason, ClaimActor actor)
    {
        var claim = await LockAsync(unit, claimId, expectedVersion, actor);
        ClaimRules.EnsureState(claim.State, "rejected", ClaimCodes.Submitted, ClaimCodes.Queried);
        var (fees, expenses) = await LinesAsync(unit, claimId);
        var now = clock.GetUtcNowForDatabase();
        await unit.ExecuteAsync(
            "update claims set state = @state, rejected_at = @now, rejected_by = @caller, rejection_reason = @reason, version = version + 1 where claim_id = @claimId",
            new { claimId, state = ClaimCodes.Rejected, reason, now = now.UtcDateTime, caller = actor.Caller });
        await unit.ExecuteAsync("update fee_lines set claim_id = null, updated_at = @now where claim_id = @claimId", new { claimId, now = now.UtcDateTime });
        await unit.PublishAsync(new ClaimRejected(Guid.CreateVersion7(now), now, claim.Version + 1, claimId, claim.Reference, claim.MemberId,
            claim.SubmittedAt is { } submitted ? UkTime.DateOf(submitted) : null, UkTime.DateOf(now), ClaimMoney.Amounts(fees, expenses)));
        return await ReadAsync(unit, claimId);
    }

    private void EnsureSubmittable(IReadOnlyCollection<FeeLineRow> fees, IReadOnlyCollection<ExpenseLineRow> expenses)
    {
        var problems = ClaimRules.SubmitProblems(fees, expenses, Options.ExpenseCaps);
        if (problems.Count > 0)
        {
            throw new ConflictException("The claim cannot go forward as it is.", problems);
        }
    }
}
