using Dapper;
using Google.Rpc;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Claims;

/// <summary>A reversing fee line (a correction after payment) is recovered from the member's next claim, not left out of it.</summary>
public sealed class ReversalTests(ClaimsFixture fixture) : IClassFixture<ClaimsFixture>
{
    private static AddFeeLineRequest Add(Claim claim, Guid feeLineId) =>
        new() { ClaimId = claim.ClaimId, ExpectedVersion = claim.Version, FeeLineId = feeLineId.ToString() };

    private static RemoveLineRequest Remove(Claim claim, Guid lineId) =>
        new() { ClaimId = claim.ClaimId, ExpectedVersion = claim.Version, LineId = lineId.ToString() };

    [Fact]
    public async Task A_claim_is_not_submitted_without_the_members_open_reversals()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var fee = await fixture.FeeLineAsync(memberId, 3000);
        var reversal = await fixture.FeeLineAsync(memberId, -1000);
        var draft = (await member.AddFeeLineAsync(Add(await member.DraftAsync(memberId), fee))).Claim;

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => member.SubmitAsync(draft));

        var violation = Assert.Single(ex.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations);
        Assert.Equal(("REVERSAL_NOT_CLAIMED", reversal.ToString()), (violation.Type, violation.Subject));
        var submitted = await member.SubmitAsync((await member.AddFeeLineAsync(Add(draft, reversal))).Claim);
        Assert.Equal((ClaimState.Submitted, 2000L), (submitted.State, submitted.TotalPence));
    }

    [Fact]
    public async Task A_reversal_in_another_draft_still_stops_the_submission()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        var fee = await fixture.FeeLineAsync(memberId, 3000);
        var reversal = await fixture.FeeLineAsync(memberId, -1000);
        await member.AddFeeLineAsync(Add(await member.DraftAsync(memberId), reversal));
        var draft = (await member.AddFeeLineAsync(Add(await member.DraftAsync(memberId), fee))).Claim;

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => member.SubmitAsync(draft));

        Assert.Equal(reversal.ToString(), Assert.Single(ex.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations).Subject);
    }

    [Fact]
    public async Task A_member_cannot_take_a_reversal_out_of_their_claim_but_the_ppi_team_can()
    {
        var memberId = await fixture.KnownMemberAsync();
        var member = fixture.MemberClaims(memberId);
        await fixture.FeeLineAsync(memberId, 3000);
        var reversal = await fixture.FeeLineAsync(memberId, -1000);
        var draft = await member.DraftAsync(memberId, gather: true);

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => member.RemoveLineAsync(Remove(draft, reversal)).ResponseAsync);
        Assert.Equal(2000L, (await member.GetAsync(draft.ClaimId)).TotalPence);

        var removed = (await fixture.Claims(Roles.PpiTeam, "ppi-officer").RemoveLineAsync(Remove(draft, reversal))).Claim;
        Assert.Equal(3000L, removed.TotalPence);
    }

    [Fact]
    public async Task Finance_lists_the_reversals_no_paid_claim_has_recovered()
    {
        var memberId = await fixture.KnownMemberAsync();
        await fixture.FeeLineAsync(memberId, 3000);
        var open = await fixture.FeeLineAsync(memberId, -1000);
        var recovered = await fixture.FeeLineAsync(memberId, -500);
        await using (var db = fixture.OpenDatabase())
        {
            await db.ExecuteAsync(
                """
                insert into claims (claim_id, reference, member_id, state, created_at, created_by, version) values (@id, 'C-PAID-' || @id, @memberId, 'paid', now(), 'test', 1);
                update fee_lines set claim_id = @id where fee_line_id = @recovered;
                """,
                new { id = Guid.NewGuid(), memberId, recovered });
        }

        var listed = await fixture.Fees().ListFeeLinesAsync(new ListFeeLinesRequest { MemberId = memberId.ToString(), UnrecoveredReversalsOnly = true });

        Assert.Equal([open.ToString()], listed.FeeLines.Select(f => f.FeeLineId));
    }
}
