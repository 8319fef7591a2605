using Google.Rpc;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Payments;
using Involvement.FunctionalTests.Payments.Fees;
using Involvement.Payments.V1;

namespace Involvement.FunctionalTests.Payments.Claims;

/// <summary>
/// Claims over fee lines the fees area made from attendance published on the real broker, and expenses for sessions it
/// learned from OpportunityPublished: nothing written straight into the tables.
/// </summary>
public sealed class ClaimsFromAttendanceTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    private readonly FeeWorld _world = new(fixture);

    private ClaimService.ClaimServiceClient Claims(string role, string subject) => new(fixture.Calls(role, subject));

    [Fact]
    public async Task Attendance_fees_and_mileage_to_the_session_are_claimed_approved_and_told_once()
    {
        var approvals = await fixture.ProbeAsync<ClaimApproved>();
        var card = await _world.CardAsync(pence: 2000);
        var opportunity = await _world.OpportunityAsync(card.Reference, DateTimeOffset.UtcNow.AddDays(-20), sessions: 2, costCentre: "CC-CLAIMS");
        var member = await _world.MemberAsync();
        await _world.AttendAsync(opportunity, 0, member);
        await _world.AttendAsync(opportunity, 1, member);
        var own = Claims(Roles.Member, member.ToString());

        var draft = await own.DraftAsync(member, gather: true);
        var withMiles = (await own.AddExpenseLineAsync(ClaimSteps.CarMiles(draft, opportunity.Sessions[0].SessionId, 12, passengers: 1))).Claim;
        var approved = await Claims(Roles.PpiTeam, "ppi-approver").ApproveAsync(await own.SubmitAsync(withMiles));
        var next = await own.DraftAsync(member, gather: true);

        Assert.Equal(2, draft.FeeLines.Count);
        Assert.All(draft.FeeLines, f => Assert.Equal((2000L, "CC-CLAIMS", FeeLineState.Payable), (f.AmountPence, f.CostCentre, f.State)));
        Assert.Equal(("CC-CLAIMS", opportunity.OpportunityId.ToString()), (withMiles.ExpenseLines[0].CostCentre, withMiles.ExpenseLines[0].OpportunityId));
        Assert.Equal((ClaimState.Approved, 4000L, 12 * 45 + 12 * 5L, 4600L), (approved.State, approved.FeesPence, approved.ExpensesPence, approved.TotalPence));
        Assert.Empty(next.FeeLines);   // claimed once
        await fixture.SettledAsync();
        var told = Assert.Single(approvals.Received, e => e.ClaimId.ToString() == approved.ClaimId);
        Assert.Equal([new CostCentreAmount("CC-CLAIMS", 4600)], told.Amounts.CostCentres);
    }

    [Fact]
    public async Task A_fee_voided_by_a_correction_after_it_was_claimed_stops_the_claim_until_it_is_removed()
    {
        var card = await _world.CardAsync(pence: 2000);
        var opportunity = await _world.OpportunityAsync(card.Reference, DateTimeOffset.UtcNow.AddDays(-10), sessions: 2);
        var member = await _world.MemberAsync();
        var kept = await _world.AttendAsync(opportunity, 0, member);
        var corrected = await _world.AttendAsync(opportunity, 1, member);
        var own = Claims(Roles.Member, member.ToString());
        var draft = await own.DraftAsync(member, gather: true);

        var correction = FeeWorld.Corrected(corrected, attended: false, hours: 0, version: 3);
        await _world.PublishAsync(correction);
        await _world.HandledAsync("ParticipationCorrectedConsumer", correction.EventId);
        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => own.SubmitAsync(draft));

        var keptLine = (await _world.LineAsync(kept)).FeeLineId;
        var voided = draft.FeeLines.Single(f => f.FeeLineId != keptLine);
        var violation = Assert.Single(ex.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations);
        Assert.Equal(("FEE_LINE_NOT_PAYABLE", voided.FeeLineId), (violation.Type, violation.Subject));
        var fixedUp = (await own.RemoveLineAsync(new RemoveLineRequest { ClaimId = draft.ClaimId, ExpectedVersion = draft.Version, LineId = voided.FeeLineId })).Claim;
        Assert.Equal((ClaimState.Submitted, 2000L), ((await own.SubmitAsync(fixedUp)).State, fixedUp.TotalPence));
    }
}
