using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class ParticipationTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private ParticipationService.ParticipationServiceClient Participation(string? role = Roles.PpiTeam, string subject = "test-user") =>
        new(fixture.Calls(role, subject));

    private async Task<Participant> InterestedAsync(Opportunity opportunity, Member member) =>
        (await Participation().ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId,
        })).Participant;

    private async Task<Participant> DecideAsync(Participant p, Decision decision, string reason = "Brings recent experience of the carers' assessment.") =>
        (await Participation().DecideParticipantAsync(new DecideParticipantRequest
        {
            OpportunityId = p.OpportunityId, MemberId = p.MemberId, ExpectedVersion = p.Version, Decision = decision, Reason = reason,
        })).Participant;

    private Task<RecordAttendanceResponse> AttendAsync(Opportunity o, Member m, double hours, int session = 0, string? key = null) =>
        Participation().RecordAttendanceAsync(new RecordAttendanceRequest
        {
            IdempotencyKey = key ?? Guid.NewGuid().ToString(), OpportunityId = o.OpportunityId, SessionId = o.Sessions[session].SessionId,
            MemberId = m.MemberId, Attended = true, Hours = hours,
        }).ResponseAsync;

    [Fact]
    public async Task Invitations_are_kept_once_and_a_retry_returns_the_same_answer()
    {
        var opportunity = await fixture.PublishedOpportunityAsync();
        var a = await fixture.ActiveMemberAsync();
        var b = await fixture.ActiveMemberAsync();
        var request = new InviteMembersRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId,
            Invitees = { new Invitee { MemberId = a.MemberId }, new Invitee { MemberId = b.MemberId, ThroughOutreach = true } },
        };

        var first = await Participation().InviteMembersAsync(request);
        var retried = await Participation().InviteMembersAsync(request);
        var again = await Participation().InviteMembersAsync(new InviteMembersRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, Invitees = { new Invitee { MemberId = a.MemberId } },
        });

        Assert.Equal(first, retried);
        Assert.All(first.Participants, p => Assert.Equal(ParticipantState.Invited, p.State));
        Assert.Equal([false, true], first.Participants.Select(p => p.InvitedThroughOutreach));
        Assert.Equal(first.Participants[0], again.Participants[0]);   // already invited: unchanged
        var listed = await Participation().ListParticipantsAsync(new ListParticipantsRequest { OpportunityId = opportunity.OpportunityId });
        Assert.Equal(2, listed.Participants.Count);
    }

    [Fact]
    public async Task Only_active_members_can_be_invited_and_only_to_published_opportunities()
    {
        var opportunity = await fixture.PublishedOpportunityAsync();
        var applicant = (await fixture.Client().RegisterMemberAsync(RecruitmentFixture.ValidRequest())).Member;
        var unknown = Guid.NewGuid().ToString();

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Participation().InviteMembersAsync(new InviteMembersRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId,
            Invitees = { new Invitee { MemberId = applicant.MemberId }, new Invitee { MemberId = unknown } },
        }).ResponseAsync);
        var failure = ex.GetRpcStatus()!.GetDetail<PreconditionFailure>()!;
        Assert.Equal([applicant.MemberId, unknown], failure.Violations.Select(v => v.Subject));

        var opportunities = new OpportunityService.OpportunityServiceClient(fixture.Calls(Roles.PpiTeam));
        var draft = (await opportunities.CreateOpportunityAsync(new CreateOpportunityRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), Content = new OpportunityContent { Title = "Draft", RoleType = RoleType.Ambassador, Seats = 2 },
        })).Opportunity;
        var member = await fixture.ActiveMemberAsync();
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Participation().InviteMembersAsync(new InviteMembersRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = draft.OpportunityId, Invitees = { new Invitee { MemberId = member.MemberId } },
        }).ResponseAsync);
    }

    [Fact]
    public async Task Seats_and_reserve_places_are_never_over_filled_and_each_decision_keeps_its_reason()
    {
        var selected = await fixture.ProbeAsync<ParticipantSelected>();
        var opportunity = await fixture.PublishedOpportunityAsync();
        var people = new List<Participant>();
        for (var i = 0; i < 4; i++)
        {
            people.Add(await InterestedAsync(opportunity, await fixture.ActiveMemberAsync()));
        }

        var first = await DecideAsync(people[0], Decision.Selected);
        await DecideAsync(people[1], Decision.Selected);
        var full = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => DecideAsync(people[2], Decision.Selected));
        Assert.Contains("All 2 seats are taken", full.Status.Detail, StringComparison.Ordinal);
        var reserve = await DecideAsync(people[2], Decision.Reserve, "Next in line: has not been involved this year.");
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => DecideAsync(people[3], Decision.Reserve));
        var notNow = await DecideAsync(people[3], Decision.NotSelected, "Seats went to people with recent use of carers' services.");

        Assert.Equal((ParticipantState.Selected, "Brings recent experience of the carers' assessment."), (first.State, first.DecisionReason));
        Assert.Equal(ParticipantState.Reserve, reserve.State);
        Assert.Equal(("Seats went to people with recent use of carers' services.", ParticipantState.NotSelected), (notNow.DecisionReason, notNow.State));
        var e = await selected.WaitForAsync(s => s.MemberId.ToString() == people[2].MemberId);
        Assert.Equal(("reserve", false), (e.Place, e.PromotedFromReserve));
        await fixture.SettledAsync();
        Assert.Equal(3, selected.Received.Count(s => s.OpportunityId.ToString() == opportunity.OpportunityId));
    }

    [Fact]
    public async Task When_a_seat_holder_withdraws_the_reserve_takes_the_seat()
    {
        var selected = await fixture.ProbeAsync<ParticipantSelected>();
        var withdrawn = await fixture.ProbeAsync<ParticipantWithdrawn>();
        var opportunity = await fixture.PublishedOpportunityAsync(c => c.Seats = 1);
        var holderMember = await fixture.ActiveMemberAsync();
        var holder = await DecideAsync(await InterestedAsync(opportunity, holderMember), Decision.Selected);
        var reserve = await DecideAsync(await InterestedAsync(opportunity, await fixture.ActiveMemberAsync()), Decision.Reserve);

        var response = await Participation(Roles.Member, holderMember.MemberId).WithdrawParticipantAsync(new WithdrawParticipantRequest
        {
            OpportunityId = opportunity.OpportunityId, MemberId = holder.MemberId, ExpectedVersion = holder.Version, Reason = "Caring duties have changed.",
        });

        Assert.Equal((ParticipantState.Withdrawn, "Caring duties have changed."), (response.Participant.State, response.Participant.WithdrawalReason));
        Assert.Equal((reserve.MemberId, ParticipantState.Selected), (response.PromotedReserve.MemberId, response.PromotedReserve.State));
        Assert.Contains("reserve", response.PromotedReserve.DecisionReason, StringComparison.Ordinal);
        var promoted = await selected.WaitForAsync(s => s.MemberId.ToString() == reserve.MemberId && s.PromotedFromReserve);
        Assert.Equal("seat", promoted.Place);
        Assert.Equal("selected", (await withdrawn.WaitForAsync(w => w.MemberId.ToString() == holder.MemberId)).PreviousState);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Participation().WithdrawParticipantAsync(new WithdrawParticipantRequest
        {
            OpportunityId = opportunity.OpportunityId, MemberId = holder.MemberId, ExpectedVersion = response.Participant.Version, Reason = "Again",
        }).ResponseAsync);
    }

    [Fact]
    public async Task Attendance_is_recorded_once_per_member_and_session_and_published_once_for_payment()
    {
        var recorded = await fixture.ProbeAsync<ParticipationRecorded>();
        var opportunity = await fixture.PublishedOpportunityAsync();
        var member = await fixture.ActiveMemberAsync();
        await DecideAsync(await InterestedAsync(opportunity, member), Decision.Selected);

        var key = Guid.NewGuid().ToString();
        var first = (await AttendAsync(opportunity, member, 2.5, key: key)).Participant;
        var retried = (await AttendAsync(opportunity, member, 2.5, key: key)).Participant;
        var sameAgain = (await AttendAsync(opportunity, member, 2.5)).Participant;

        Assert.Equal(first, retried);
        Assert.Equal(first, sameAgain);
        var attendance = Assert.Single(first.Attendance);
        Assert.Equal((opportunity.Sessions[0].SessionId, true, 2.5), (attendance.SessionId, attendance.Attended, attendance.Hours));
        var e = await recorded.WaitForAsync(r => r.MemberId.ToString() == member.MemberId);
        Assert.Equal((2.5m, "contributor-session", "critical_friend"), (e.Hours, e.RateReference, e.RoleType));
        var travelled = recorded.ReceivedJson.Select(j => JsonDocument.Parse(j).RootElement.GetProperty("message"))
            .First(m => m.GetProperty("memberId").GetString() == member.MemberId);
        Assert.Equal(JsonValueKind.Number, travelled.GetProperty("hours").ValueKind);   // docs/events.md: numbers as JSON numbers
        Assert.Equal(opportunity.Sessions[0].SessionId, e.SessionId.ToString());
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => AttendAsync(opportunity, member, 3));
        await fixture.SettledAsync();
        Assert.Single(recorded.Received, r => r.MemberId.ToString() == member.MemberId);
    }

    [Fact]
    public async Task Attendance_needs_a_seat_holder_and_a_session_that_has_started()
    {
        var opportunity = await fixture.PublishedOpportunityAsync();
        var holder = await fixture.ActiveMemberAsync();
        await DecideAsync(await InterestedAsync(opportunity, holder), Decision.Selected);
        var onlyInterested = await fixture.ActiveMemberAsync();
        await InterestedAsync(opportunity, onlyInterested);

        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => AttendAsync(opportunity, holder, 2, session: 1));
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => AttendAsync(opportunity, onlyInterested, 2));
        await RpcAssert.InvalidFields(() => AttendAsync(opportunity, holder, 1.1), "hours");
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Participation().RecordAttendanceAsync(new RecordAttendanceRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, SessionId = Guid.NewGuid().ToString(),
            MemberId = holder.MemberId, Attended = true, Hours = 1,
        }).ResponseAsync);
    }

    [Fact]
    public async Task Members_act_only_for_themselves_and_staff_roles_are_checked()
    {
        var opportunity = await fixture.PublishedOpportunityAsync();
        var member = await fixture.ActiveMemberAsync();
        var other = await fixture.ActiveMemberAsync();

        var own = (await Participation(Roles.Member, member.MemberId).ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId,
        })).Participant;
        Assert.Equal(ParticipantState.Interested, own.State);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Participation(Roles.Member, member.MemberId).ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = other.MemberId,
        }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Participation(Roles.Member, member.MemberId).DecideParticipantAsync(new DecideParticipantRequest
        {
            OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId, ExpectedVersion = own.Version, Decision = Decision.Selected, Reason = "Me",
        }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Participation(Roles.ReportingConsumer).ListParticipantsAsync(
            new ListParticipantsRequest { OpportunityId = opportunity.OpportunityId }).ResponseAsync);
        var mine = await Participation(Roles.Member, member.MemberId).ListParticipantsAsync(new ListParticipantsRequest { MemberId = member.MemberId });
        Assert.Equal(opportunity.OpportunityId, Assert.Single(mine.Participants).OpportunityId);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Participation(Roles.Member, member.MemberId).ListParticipantsAsync(
            new ListParticipantsRequest { OpportunityId = opportunity.OpportunityId }).ResponseAsync);
    }

    [Fact]
    public async Task Bad_requests_name_each_field_and_stale_versions_are_refused()
    {
        await RpcAssert.InvalidFields(() => Participation().DecideParticipantAsync(new DecideParticipantRequest
        {
            OpportunityId = "nope", MemberId = "", ExpectedVersion = 0,
        }).ResponseAsync, "opportunity_id", "member_id", "expected_version", "decision", "reason");
        await RpcAssert.InvalidFields(() => Participation().InviteMembersAsync(new InviteMembersRequest { OpportunityId = Guid.NewGuid().ToString() }).ResponseAsync,
            "idempotency_key", "invitees");
        await RpcAssert.InvalidFields(() => Participation().ListParticipantsAsync(new ListParticipantsRequest()).ResponseAsync, "opportunity_id");

        var opportunity = await fixture.PublishedOpportunityAsync();
        var interested = await InterestedAsync(opportunity, await fixture.ActiveMemberAsync());
        await DecideAsync(interested, Decision.Reserve);
        await RpcAssert.FailsWith(StatusCode.Aborted, () => DecideAsync(interested, Decision.Selected));
    }

    [Fact]
    public async Task Participants_page_with_cursors_and_filter_by_state()
    {
        var opportunity = await fixture.PublishedOpportunityAsync();
        var invitees = new List<Invitee>();
        for (var i = 0; i < 5; i++)
        {
            invitees.Add(new Invitee { MemberId = (await fixture.ActiveMemberAsync()).MemberId });
        }

        await Participation().InviteMembersAsync(new InviteMembersRequest { IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, Invitees = { invitees } });
        await InterestedAsync(opportunity, new Member { MemberId = invitees[4].MemberId });

        var seen = new List<string>();
        var page = new ListParticipantsResponse { NextPageToken = "" };
        do
        {
            page = await Participation().ListParticipantsAsync(new ListParticipantsRequest { OpportunityId = opportunity.OpportunityId, PageSize = 2, PageToken = page.NextPageToken });
            seen.AddRange(page.Participants.Select(p => p.MemberId));
        }
        while (page.NextPageToken != "");

        Assert.Equal(invitees.Select(i => i.MemberId).Order(), seen.Order());
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        var interested = await Participation().ListParticipantsAsync(new ListParticipantsRequest { OpportunityId = opportunity.OpportunityId, State = ParticipantState.Interested });
        Assert.Equal(invitees[4].MemberId, Assert.Single(interested.Participants).MemberId);
    }
}
