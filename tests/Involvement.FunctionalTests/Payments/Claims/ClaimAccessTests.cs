using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Claims;

public sealed class ClaimAccessTests(ClaimsFixture fixture) : IClassFixture<ClaimsFixture>
{
    [Fact]
    public async Task A_member_cannot_reach_another_members_claim_by_any_rpc()
    {
        var owner = await fixture.KnownMemberAsync();
        var draft = await fixture.MemberClaims(owner).DraftAsync(owner);
        var submitted = await fixture.SubmittedByMemberAsync(owner);
        var other = fixture.MemberClaims(await fixture.KnownMemberAsync());

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => other.GetAsync(draft.ClaimId));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => other.DraftAsync(owner));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => other.AddParkingAsync(draft, Guid.CreateVersion7()));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () =>
            other.AddFeeLineAsync(new AddFeeLineRequest { ClaimId = draft.ClaimId, ExpectedVersion = draft.Version, FeeLineId = Guid.NewGuid().ToString() }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () =>
            other.RemoveLineAsync(new RemoveLineRequest { ClaimId = draft.ClaimId, ExpectedVersion = draft.Version, LineId = Guid.NewGuid().ToString() }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => other.SubmitAsync(draft));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () =>
            other.AnswerQueryAsync(new AnswerQueryRequest { ClaimId = submitted.ClaimId, ExpectedVersion = submitted.Version, Answer = "Not mine" }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () =>
            other.ListClaimsAsync(new ListClaimsRequest { MemberId = owner.ToString() }).ResponseAsync);

        Assert.Equal(ClaimState.Draft, (await fixture.MemberClaims(owner).GetAsync(draft.ClaimId)).State);
    }

    [Fact]
    public async Task Members_do_not_review_claims_and_reporting_consumers_see_none()
    {
        var submitted = await fixture.SubmittedByMemberAsync();
        var memberId = Guid.Parse(submitted.MemberId);
        var member = fixture.MemberClaims(memberId);
        var reporting = fixture.Claims(Roles.ReportingConsumer);
        var finance = fixture.Claims(Roles.Finance);

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => member.ApproveAsync(submitted));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () =>
            member.QueryClaimAsync(new QueryClaimRequest { ClaimId = submitted.ClaimId, ExpectedVersion = submitted.Version, Question = "?" }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () =>
            member.RejectClaimAsync(new RejectClaimRequest { ClaimId = submitted.ClaimId, ExpectedVersion = submitted.Version, Reason = "mine" }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => finance.DraftAsync(memberId));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => reporting.GetAsync(submitted.ClaimId));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => reporting.ListClaimsAsync(new ListClaimsRequest()).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => reporting.DraftAsync(memberId));
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => fixture.Claims(role: null).GetAsync(submitted.ClaimId));

        Assert.Equal(submitted.ClaimId, (await finance.GetAsync(submitted.ClaimId)).ClaimId);
    }

    [Fact]
    public async Task A_stale_version_is_aborted_on_every_change()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var session = await fixture.SessionAsync(memberId);
        var stale = await member.DraftAsync(memberId);
        var current = await member.AddParkingAsync(stale, session);

        await RpcAssert.FailsWith(StatusCode.Aborted, () => member.AddParkingAsync(stale, session));
        await RpcAssert.FailsWith(StatusCode.Aborted, () =>
            member.RemoveLineAsync(new RemoveLineRequest { ClaimId = stale.ClaimId, ExpectedVersion = stale.Version, LineId = current.ExpenseLines[0].ExpenseLineId }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Aborted, () => member.SubmitAsync(stale));
        var submitted = await member.SubmitAsync(current);
        await RpcAssert.FailsWith(StatusCode.Aborted, () => fixture.Claims(Roles.Finance).ApproveAsync(current));
        await RpcAssert.FailsWith(StatusCode.Aborted, () =>
            fixture.Claims().RejectClaimAsync(new RejectClaimRequest { ClaimId = current.ClaimId, ExpectedVersion = current.Version, Reason = "Stale" }).ResponseAsync);

        Assert.Equal(ClaimState.Submitted, (await member.GetAsync(submitted.ClaimId)).State);
    }

    [Fact]
    public async Task Bad_input_names_every_field_at_fault()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var draft = await member.DraftAsync(memberId);

        await RpcAssert.InvalidFields(() => member.CreateClaimAsync(new CreateClaimRequest { MemberId = "not-an-id" }).ResponseAsync, "idempotency_key", "member_id");
        await RpcAssert.InvalidFields(() => member.SubmitClaimAsync(new SubmitClaimRequest { ClaimId = "", ExpectedVersion = 0 }).ResponseAsync, "claim_id", "expected_version");
        await RpcAssert.InvalidFields(() =>
            fixture.Claims().RejectClaimAsync(new RejectClaimRequest { ClaimId = draft.ClaimId, ExpectedVersion = draft.Version, Reason = " " }).ResponseAsync, "reason");
        await RpcAssert.InvalidFields(() =>
            fixture.Claims().QueryClaimAsync(new QueryClaimRequest { ClaimId = draft.ClaimId, ExpectedVersion = draft.Version }).ResponseAsync, "question");
        await RpcAssert.InvalidFields(() =>
            member.ListClaimsAsync(new ListClaimsRequest { State = (ClaimState)99, PageSize = 500, PageToken = "bogus" }).ResponseAsync, "state", "page_size", "page_token");
        await RpcAssert.InvalidFields(() =>
            member.AddFeeLineAsync(new AddFeeLineRequest { ClaimId = draft.ClaimId, ExpectedVersion = draft.Version, FeeLineId = "x" }).ResponseAsync, "fee_line_id");
    }
}
