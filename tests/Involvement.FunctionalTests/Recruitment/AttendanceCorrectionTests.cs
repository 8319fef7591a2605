using Google.Rpc;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

/// <summary>Selection checks eligibility, attendance fits the session, and corrections reach payments without paying twice.</summary>
public sealed class AttendanceCorrectionTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private ParticipationService.ParticipationServiceClient Participation(string role = Roles.PpiTeam) => new(fixture.Calls(role));

    private async Task<Participant> InterestedAsync(Opportunity opportunity, Member member) =>
        (await Participation().ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId,
        })).Participant;

    private Task<DecideParticipantResponse> DecideAsync(Participant p, Decision decision) =>
        Participation().DecideParticipantAsync(new DecideParticipantRequest
        {
            OpportunityId = p.OpportunityId, MemberId = p.MemberId, ExpectedVersion = p.Version, Decision = decision, Reason = "Fair and recorded.",
        }).ResponseAsync;

    private static CorrectAttendanceRequest Correction(
        Opportunity o, Member m, long version, double hours, string reason = "The register was read wrongly.") => new()
    {
        OpportunityId = o.OpportunityId, SessionId = o.Sessions[0].SessionId, MemberId = m.MemberId, Attended = hours > 0, Hours = hours, Reason = reason,
        ExpectedVersion = version,
    };

    [Fact]
    public async Task Selection_checks_the_same_eligibility_as_matching_and_turning_someone_down_is_told()
    {
        var notSelected = await fixture.ProbeAsync<ParticipantNotSelected>();
        var opportunity = await fixture.PublishedOpportunityAsync(c => c.LevelRequired = InvolvementLevel.Collaboration);
        var member = await fixture.ActiveMemberAsync();   // level 3, below the 4 required
        var interested = await InterestedAsync(opportunity, member);

        var refused = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => DecideAsync(interested, Decision.Selected));
        Assert.Equal("level_below_required", Assert.Single(refused.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations).Subject);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => DecideAsync(interested, Decision.Reserve));

        var decided = (await DecideAsync(interested, Decision.NotSelected)).Participant;
        Assert.Equal(ParticipantState.NotSelected, decided.State);
        Assert.Equal(decided.Version, (await notSelected.WaitForAsync(n => n.MemberId.ToString() == member.MemberId)).AggregateVersion);
    }

    [Fact]
    public async Task Invitations_need_consent_to_be_contacted()
    {
        var opportunity = await fixture.PublishedOpportunityAsync();
        var unreachable = await fixture.ActiveMemberAsync(r => r.Details.Communication.InvitationChannels.Clear());

        var refused = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Participation().InviteMembersAsync(new InviteMembersRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, Invitees = { new Invitee { MemberId = unreachable.MemberId } },
        }).ResponseAsync);
        Assert.Equal("NOT_CONTACTABLE", Assert.Single(refused.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations).Type);
    }

    [Fact]
    public async Task Attendance_is_corrected_by_the_ppi_team_with_a_reason_and_payments_hear_a_correction_not_a_second_record()
    {
        var recorded = await fixture.ProbeAsync<ParticipationRecorded>();
        var corrected = await fixture.ProbeAsync<ParticipationCorrected>();
        var opportunity = await fixture.PublishedOpportunityAsync();   // the first session lasts three hours
        var member = await fixture.ActiveMemberAsync();
        await DecideAsync(await InterestedAsync(opportunity, member), Decision.Selected);
        var attend = new RecordAttendanceRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, SessionId = opportunity.Sessions[0].SessionId,
            MemberId = member.MemberId, Attended = true, Hours = 3.5,
        };
        var tooLong = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Participation().RecordAttendanceAsync(attend).ResponseAsync);
        Assert.Equal("SESSION_LENGTH", Assert.Single(tooLong.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations).Type);
        attend.IdempotencyKey = Guid.NewGuid().ToString();
        attend.Hours = 3;
        var v = (await Participation().RecordAttendanceAsync(attend)).Participant.Version;

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Participation(Roles.ProjectLead).CorrectAttendanceAsync(Correction(opportunity, member, v, 2)).ResponseAsync);
        await RpcAssert.InvalidFields(() => Participation().CorrectAttendanceAsync(Correction(opportunity, member, 0, 2, reason: "")).ResponseAsync,
            "reason", "expected_version");
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Participation().CorrectAttendanceAsync(Correction(opportunity, member, v, 3.25)).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Aborted, () => Participation().CorrectAttendanceAsync(Correction(opportunity, member, v - 1, 2)).ResponseAsync);
        var after = (await Participation().CorrectAttendanceAsync(Correction(opportunity, member, v, 2))).Participant;
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Participation().CorrectAttendanceAsync(Correction(opportunity, member, after.Version, 2)).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Aborted, () => Participation().CorrectAttendanceAsync(Correction(opportunity, member, v, 1)).ResponseAsync);   // a second corrector working from the old record

        var record = Assert.Single(after.Attendance);
        Assert.Equal((2.0, "The register was read wrongly."), (record.Hours, record.CorrectionReason));
        var first = await recorded.WaitForAsync(r => r.MemberId.ToString() == member.MemberId);
        var correction = await corrected.WaitForAsync(c => c.MemberId.ToString() == member.MemberId);
        Assert.Equal((first.ParticipationId, 2m, 3m, "contributor-session"), (correction.ParticipationId, correction.Hours, correction.PreviousHours, correction.RateReference));
        await fixture.SettledAsync();
        Assert.Single(recorded.Received, r => r.MemberId.ToString() == member.MemberId);
        Assert.Single(corrected.Received, c => c.MemberId.ToString() == member.MemberId);
    }

    [Fact]
    public async Task A_seat_holder_who_stepped_back_still_has_earlier_sessions_recorded_and_a_closed_opportunity_keeps_its_places()
    {
        var opportunity = await fixture.PublishedOpportunityAsync();   // the first session began yesterday
        var member = await fixture.ActiveMemberAsync();
        var seated = (await DecideAsync(await InterestedAsync(opportunity, member), Decision.Selected)).Participant;
        await Participation().WithdrawParticipantAsync(new WithdrawParticipantRequest
        {
            OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId, ExpectedVersion = seated.Version, Reason = "Moving away.",
        });

        var recorded = (await Participation().RecordAttendanceAsync(new RecordAttendanceRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, SessionId = opportunity.Sessions[0].SessionId,
            MemberId = member.MemberId, Attended = true, Hours = 2,
        })).Participant;
        Assert.Equal((ParticipantState.Withdrawn, 2.0), (recorded.State, Assert.Single(recorded.Attendance).Hours));

        var other = await fixture.ActiveMemberAsync();
        var held = (await DecideAsync(await InterestedAsync(opportunity, other), Decision.Selected)).Participant;
        var current = (await new OpportunityService.OpportunityServiceClient(fixture.Calls(Roles.PpiTeam)).GetOpportunityAsync(
            new GetOpportunityRequest { OpportunityId = opportunity.OpportunityId })).Opportunity;
        await new OpportunityService.OpportunityServiceClient(fixture.Calls(Roles.PpiTeam)).CloseOpportunityAsync(
            new CloseOpportunityRequest { OpportunityId = opportunity.OpportunityId, ExpectedVersion = current.Version });
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Participation().WithdrawParticipantAsync(new WithdrawParticipantRequest
        {
            OpportunityId = opportunity.OpportunityId, MemberId = other.MemberId, ExpectedVersion = held.Version, Reason = "Too late.",
        }).ResponseAsync);
    }
}
