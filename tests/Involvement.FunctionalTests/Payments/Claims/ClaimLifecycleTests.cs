using Google.Rpc;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Payments;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Claims;

public sealed class ClaimLifecycleTests(ClaimsFixture fixture) : IClassFixture<ClaimsFixture>
{
    [Fact]
    public async Task A_repeated_idempotency_key_makes_one_claim_and_a_different_request_with_it_is_refused()
    {
        var memberId = await fixture.KnownMemberAsync();
        var request = new CreateClaimRequest { IdempotencyKey = Guid.NewGuid().ToString(), MemberId = memberId.ToString() };

        var first = (await fixture.MemberClaims(memberId).CreateClaimAsync(request)).Claim;
        var retried = (await fixture.MemberClaims(memberId).CreateClaimAsync(request)).Claim;

        Assert.Equal(first, retried);
        Assert.Equal((ClaimState.Draft, memberId.ToString(), 1L), (first.State, first.MemberId, first.Version));
        Assert.Matches("^C-[0-9]{6}$", first.Reference);
        Assert.Equal(1L, await fixture.QueryScalarAsync<long>("select count(*) from claims where member_id = @memberId", new { memberId }));
        request.GatherFeeLines = true;
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => fixture.MemberClaims(memberId).CreateClaimAsync(request).ResponseAsync);
    }

    [Fact]
    public async Task A_claim_for_a_member_payments_has_not_heard_of_is_not_found()
    {
        await RpcAssert.FailsWith(StatusCode.NotFound, () => fixture.Claims().DraftAsync(Guid.CreateVersion7()));
    }

    [Fact]
    public async Task Gathering_takes_the_members_payable_unclaimed_fee_lines_only()
    {
        var memberId = await fixture.KnownMemberAsync();
        var payable = await fixture.FeeLineAsync(memberId, 2000);
        var alsoPayable = await fixture.FeeLineAsync(memberId, 3000);
        var held = await fixture.FeeLineAsync(memberId, 2000, state: "held");
        var someoneElses = await fixture.FeeLineAsync(await fixture.KnownMemberAsync(), 2000);

        var claim = await fixture.MemberClaims(memberId).DraftAsync(memberId, gather: true);
        var again = await fixture.MemberClaims(memberId).DraftAsync(memberId, gather: true);

        Assert.Equal(new[] { payable, alsoPayable }.Select(id => id.ToString()).Order(), claim.FeeLines.Select(f => f.FeeLineId).Order());
        Assert.Equal((5000L, 0L, 5000L), (claim.FeesPence, claim.ExpensesPence, claim.TotalPence));
        Assert.Empty(again.FeeLines);   // a fee line is in at most one claim
        Assert.All(claim.FeeLines, f => Assert.Equal((FeeLineState.Payable, 1.0), (f.State, f.Units)));   // as the fees API shows them
        Assert.DoesNotContain(claim.FeeLines, f => f.FeeLineId == held.ToString() || f.FeeLineId == someoneElses.ToString());
    }

    [Fact]
    public async Task A_member_fills_and_submits_a_claim_and_a_second_person_approves_it_with_one_event_each()
    {
        var submittedEvents = await fixture.ProbeAsync<ClaimSubmitted>();
        var approvedEvents = await fixture.ProbeAsync<ClaimApproved>();
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var fee = await fixture.FeeLineAsync(memberId, 2000);
        var session = await fixture.SessionAsync(memberId);

        var draft = await member.DraftAsync(memberId);
        draft = (await member.AddFeeLineAsync(new AddFeeLineRequest { ClaimId = draft.ClaimId, ExpectedVersion = draft.Version, FeeLineId = fee.ToString() })).Claim;
        var added = await member.AddExpenseLineAsync(ClaimSteps.Parking(draft, session, 650));
        draft = (await member.AddExpenseLineAsync(ClaimSteps.CarMiles(added.Claim, session, 10))).Claim;
        var submitted = await member.SubmitAsync(draft);
        var approved = await fixture.Claims(Roles.Finance, "finance-officer").ApproveAsync(submitted);

        Assert.Equal((ClaimState.Submitted, memberId.ToString(), ClaimPaymentMethod.BankTransfer), (submitted.State, submitted.SubmittedBy, submitted.PaymentMethod));
        Assert.Equal(ClaimSteps.Date(ClaimSteps.Today.AddDays(14)), submitted.DueOn);
        Assert.Equal((2000L, 650L + 450L, 3100L), (submitted.FeesPence, submitted.ExpensesPence, submitted.TotalPence));
        Assert.Contains(submitted.ExpenseLines, e => e.ExpenseLineId == added.ExpenseLineId && e.CostCentre == ClaimsFixture.CostCentre);
        Assert.Equal((ClaimState.Approved, "finance-officer"), (approved.State, approved.ApprovedBy));
        await fixture.SettledAsync();
        var told = Assert.Single(submittedEvents.Received, e => e.ClaimId.ToString() == submitted.ClaimId);
        Assert.Equal((2000L, 1100L, 3100L), (told.Amounts.FeesPence, told.Amounts.ExpensesPence, told.Amounts.TotalPence));
        Assert.Equal(new Dictionary<string, long> { ["mileage"] = 450, ["parking"] = 650 }, told.Amounts.ExpensesByCategoryPence);
        Assert.Equal([new CostCentreAmount(ClaimsFixture.CostCentre, 3100)], told.Amounts.CostCentres);
        Assert.Equal((ClaimSteps.Today, ClaimSteps.Today.AddDays(14), "bank_transfer"), (told.SubmittedOn, told.DueOn, told.PaymentMethod));
        var approval = Assert.Single(approvedEvents.Received, e => e.ClaimId.ToString() == submitted.ClaimId);
        Assert.Equal((approved.Version, 3100L, ClaimSteps.Today), (approval.AggregateVersion, approval.Amounts.TotalPence, approval.ApprovedOn));
        Assert.DoesNotContain(submittedEvents.ReceivedJson.Concat(approvedEvents.ReceivedJson), json => json.Contains("Test Member", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_payment_method_comes_from_the_payees_preference_at_submission()
    {
        var memberId = await fixture.KnownMemberAsync();
        await using (var db = fixture.OpenDatabase())
        {
            await Dapper.SqlMapper.ExecuteAsync(db,
                "insert into payees (member_id, preference, version, updated_at, updated_by) values (@memberId, 'vouchers', 1, now(), 'test')", new { memberId });
        }

        var submitted = await fixture.SubmittedByMemberAsync(memberId);

        Assert.Equal(ClaimPaymentMethod.Vouchers, submitted.PaymentMethod);
    }

    [Fact]
    public async Task Nobody_approves_a_claim_they_created_or_submitted()
    {
        var memberId = await fixture.KnownMemberAsync();
        var creator = fixture.Claims(Roles.PpiTeam, "ppi-creator");
        var draft = await creator.AddParkingAsync(await creator.DraftAsync(memberId), await fixture.SessionAsync(memberId));
        var submitted = await fixture.Claims(Roles.PpiTeam, "ppi-submitter").SubmitAsync(draft);

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => creator.ApproveAsync(submitted));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.Claims(Roles.PpiTeam, "ppi-submitter").ApproveAsync(submitted));
        var approved = await fixture.Claims(Roles.PpiTeam, "ppi-second-person").ApproveAsync(submitted);

        Assert.Equal((ClaimState.Approved, "ppi-creator", "ppi-submitter", "ppi-second-person"),
            (approved.State, approved.CreatedBy, approved.SubmittedBy, approved.ApprovedBy));
    }

    [Fact]
    public async Task A_queried_claim_is_answered_changed_and_submitted_again_and_whoever_answered_cannot_approve()
    {
        var submissions = await fixture.ProbeAsync<ClaimSubmitted>();
        var submitted = await fixture.SubmittedByMemberAsync();
        var memberId = Guid.Parse(submitted.MemberId);
        var reviewer = fixture.Claims(Roles.Finance, "finance-reviewer");

        var queried = (await reviewer.QueryClaimAsync(new QueryClaimRequest { ClaimId = submitted.ClaimId, ExpectedVersion = submitted.Version, Question = "Which car park?" })).Claim;
        var line = Assert.Single(queried.ExpenseLines);
        var changed = (await fixture.MemberClaims(memberId).RemoveLineAsync(new RemoveLineRequest { ClaimId = queried.ClaimId, ExpectedVersion = queried.Version, LineId = line.ExpenseLineId })).Claim;
        changed = await fixture.MemberClaims(memberId).AddParkingAsync(changed, await fixture.SessionAsync(memberId), 450);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => reviewer.ApproveAsync(changed));
        var answered = (await fixture.Claims(Roles.PpiTeam, "ppi-helper").AnswerQueryAsync(new AnswerQueryRequest { ClaimId = changed.ClaimId, ExpectedVersion = changed.Version, Answer = "The hospital's multi-storey; corrected the amount." })).Claim;

        Assert.Equal((ClaimState.Queried, "Which car park?", "finance-reviewer"), (queried.State, queried.Query, queried.QueriedBy));
        Assert.Equal((ClaimState.Submitted, 450L, submitted.DueOn), (answered.State, answered.TotalPence, answered.DueOn));
        Assert.Equal("The hospital's multi-storey; corrected the amount.", answered.QueryAnswer);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.Claims(Roles.PpiTeam, "ppi-helper").ApproveAsync(answered));
        await RpcAssert.FailsWith(StatusCode.Aborted, () =>
            reviewer.QueryClaimAsync(new QueryClaimRequest { ClaimId = answered.ClaimId, ExpectedVersion = queried.Version, Question = "Stale?" }).ResponseAsync);
        Assert.Equal(ClaimState.Approved, (await reviewer.ApproveAsync(answered)).State);
        await fixture.SettledAsync();
        Assert.Single(submissions.Received, e => e.ClaimId.ToString() == submitted.ClaimId);   // answering is not news
    }

    [Fact]
    public async Task A_rejected_claim_keeps_its_reason_out_of_the_event_and_releases_its_fee_lines()
    {
        var rejections = await fixture.ProbeAsync<ClaimRejected>();
        var memberId = await fixture.KnownMemberAsync();
        var fee = await fixture.FeeLineAsync(memberId, 2000);
        var member = fixture.MemberClaims(memberId);
        var submitted = await member.SubmitAsync(await member.DraftAsync(memberId, gather: true));
        const string Reason = "Duplicate of a claim paid by cheque in October.";

        var rejected = (await fixture.Claims().RejectClaimAsync(new RejectClaimRequest { ClaimId = submitted.ClaimId, ExpectedVersion = submitted.Version, Reason = Reason })).Claim;
        var next = await member.DraftAsync(memberId, gather: true);

        Assert.Equal((ClaimState.Rejected, Reason, "ppi-officer"), (rejected.State, rejected.RejectionReason, rejected.RejectedBy));
        Assert.Equal([fee.ToString()], next.FeeLines.Select(f => f.FeeLineId));
        await fixture.SettledAsync();
        var told = Assert.Single(rejections.Received, e => e.ClaimId.ToString() == rejected.ClaimId);
        Assert.Equal((2000L, ClaimSteps.Today), (told.Amounts.FeesPence, told.RejectedOn));
        Assert.DoesNotContain(rejections.ReceivedJson, json => json.Contains("cheque", StringComparison.Ordinal));
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => fixture.Claims(Roles.Finance).ApproveAsync(rejected));
    }

    [Fact]
    public async Task State_errors_are_failed_preconditions_naming_what_is_wrong()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var empty = await member.DraftAsync(memberId);

        var emptySubmit = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => member.SubmitAsync(empty));
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => fixture.Claims(Roles.Finance).ApproveAsync(empty));
        var submitted = await fixture.SubmittedByMemberAsync(memberId);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => member.AddParkingAsync(submitted, Guid.CreateVersion7()));
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => member.AnswerQueryAsync(new AnswerQueryRequest { ClaimId = submitted.ClaimId, ExpectedVersion = submitted.Version, Answer = "Nothing was asked" }).ResponseAsync);

        Assert.Contains(emptySubmit.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations, v => v.Type == "CLAIM_EMPTY");
    }

    [Fact]
    public async Task A_fee_line_already_claimed_or_not_payable_or_another_members_cannot_be_added()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var claimed = await fixture.FeeLineAsync(memberId);
        await member.DraftAsync(memberId, gather: true);
        var held = await fixture.FeeLineAsync(memberId, state: "held");
        var others = await fixture.FeeLineAsync(await fixture.KnownMemberAsync());
        var draft = await member.DraftAsync(memberId);

        foreach (var (line, type) in new[] { (claimed, "FEE_LINE_CLAIMED"), (held, "FEE_LINE_NOT_PAYABLE"), (others, "FEE_LINE_MEMBER") })
        {
            var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () =>
                member.AddFeeLineAsync(new AddFeeLineRequest { ClaimId = draft.ClaimId, ExpectedVersion = draft.Version, FeeLineId = line.ToString() }).ResponseAsync);
            Assert.Equal(type, Assert.Single(ex.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations).Type);
        }

        await RpcAssert.FailsWith(StatusCode.NotFound, () =>
            member.AddFeeLineAsync(new AddFeeLineRequest { ClaimId = draft.ClaimId, ExpectedVersion = draft.Version, FeeLineId = Guid.NewGuid().ToString() }).ResponseAsync);
    }

    [Fact]
    public async Task A_removed_fee_line_can_be_claimed_again()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var fee = await fixture.FeeLineAsync(memberId);
        var first = await member.DraftAsync(memberId, gather: true);

        var removed = (await member.RemoveLineAsync(new RemoveLineRequest { ClaimId = first.ClaimId, ExpectedVersion = first.Version, LineId = fee.ToString() })).Claim;
        var second = await member.DraftAsync(memberId, gather: true);

        Assert.Empty(removed.FeeLines);
        Assert.Equal(first.Version + 1, removed.Version);
        Assert.Equal([fee.ToString()], second.FeeLines.Select(f => f.FeeLineId));
        await RpcAssert.FailsWith(StatusCode.NotFound, () =>
            member.RemoveLineAsync(new RemoveLineRequest { ClaimId = removed.ClaimId, ExpectedVersion = removed.Version, LineId = fee.ToString() }).ResponseAsync);
    }
}
