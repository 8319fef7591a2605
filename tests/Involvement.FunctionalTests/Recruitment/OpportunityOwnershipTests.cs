using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

/// <summary>Opportunities money can rely on: owners, terms frozen once published, closing, cancelling and papers.</summary>
public sealed class OpportunityOwnershipTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private OpportunityService.OpportunityServiceClient Opportunities(string role = Roles.PpiTeam, string subject = "test-user") =>
        new(fixture.Calls(role, subject));

    private ParticipationService.ParticipationServiceClient Participation(string role = Roles.PpiTeam, string subject = "test-user") =>
        new(fixture.Calls(role, subject));

    private async Task<Opportunity> LatestAsync(Opportunity o) =>
        (await Opportunities().GetOpportunityAsync(new GetOpportunityRequest { OpportunityId = o.OpportunityId })).Opportunity;

    private async Task<Participant> SeatAsync(Opportunity opportunity, Member member, string role = Roles.PpiTeam, string subject = "test-user")
    {
        var interested = (await Participation().ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId,
        })).Participant;
        return (await Participation(role, subject).DecideParticipantAsync(new DecideParticipantRequest
        {
            OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId, ExpectedVersion = interested.Version, Decision = Decision.Selected,
            Reason = "Brings recent experience of the service.",
        })).Participant;
    }

    /// <summary>A published opportunity run by <paramref name="lead"/>.</summary>
    private async Task<Opportunity> OwnedByAsync(string lead, Action<OpportunityContent>? shape = null)
    {
        var published = await fixture.PublishedOpportunityAsync(shape);
        return (await Opportunities().AssignOpportunityOwnerAsync(new AssignOpportunityOwnerRequest
        {
            OpportunityId = published.OpportunityId, ExpectedVersion = published.Version, Owner = lead,
        })).Opportunity;
    }

    [Fact]
    public async Task A_project_lead_acts_only_on_the_opportunities_they_own()
    {
        var lead = "lead-" + Guid.NewGuid().ToString("N");
        var opportunity = await OwnedByAsync(lead);
        var member = await fixture.ActiveMemberAsync();
        var interested = (await Participation().ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId,
        })).Participant;
        var decide = new DecideParticipantRequest
        {
            OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId, ExpectedVersion = interested.Version, Decision = Decision.Selected,
            Reason = "Brings recent experience of the service.",
        };

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Participation(Roles.ProjectLead, "someone-else").DecideParticipantAsync(decide).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Opportunities(Roles.ProjectLead, "someone-else").UpdateOpportunityAsync(new UpdateOpportunityRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = opportunity.Version, Content = opportunity.Content,
        }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Participation(Roles.ProjectLead, "someone-else").ListParticipantsAsync(
            new ListParticipantsRequest { OpportunityId = opportunity.OpportunityId }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Opportunities(Roles.ProjectLead, "someone-else").CloseOpportunityAsync(
            new CloseOpportunityRequest { OpportunityId = opportunity.OpportunityId, ExpectedVersion = opportunity.Version }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Opportunities(Roles.ProjectLead, "someone-else").AssignOpportunityOwnerAsync(
            new AssignOpportunityOwnerRequest { OpportunityId = opportunity.OpportunityId, ExpectedVersion = opportunity.Version, Owner = "someone-else" }).ResponseAsync);

        var seated = (await Participation(Roles.ProjectLead, lead).DecideParticipantAsync(decide)).Participant;
        await Participation(Roles.ProjectLead, lead).RecordAttendanceAsync(new RecordAttendanceRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, SessionId = opportunity.Sessions[0].SessionId,
            MemberId = member.MemberId, Attended = true, Hours = 2,
        });
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Participation(Roles.ProjectLead, "someone-else").RecordAttendanceAsync(new RecordAttendanceRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, SessionId = opportunity.Sessions[0].SessionId,
            MemberId = member.MemberId, Attended = true, Hours = 2,
        }).ResponseAsync);

        Assert.Equal(ParticipantState.Selected, seated.State);
        var ownList = await Opportunities(Roles.ProjectLead, lead).ListOpportunitiesAsync(new ListOpportunitiesRequest { PageSize = 200 });
        Assert.Equal(opportunity.OpportunityId, Assert.Single(ownList.Opportunities).OpportunityId);
        Assert.Empty((await Opportunities(Roles.ProjectLead, "nobody-" + Guid.NewGuid()).ListOpportunitiesAsync(new ListOpportunitiesRequest())).Opportunities);
        var byMember = await Participation(Roles.ProjectLead, "someone-else").ListParticipantsAsync(new ListParticipantsRequest { MemberId = member.MemberId });
        Assert.Empty(byMember.Participants);   // a lead sees a member's participation only on their own opportunities
    }

    [Fact]
    public async Task Project_leads_own_what_they_create_and_never_see_who_came_through_outreach()
    {
        var lead = "lead-" + Guid.NewGuid().ToString("N");
        var created = (await Opportunities(Roles.ProjectLead, lead).CreateOpportunityAsync(new CreateOpportunityRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), Content = new OpportunityContent { Title = "Menu review", RoleType = RoleType.CriticalFriend, Seats = 2 },
        })).Opportunity;
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Opportunities(Roles.ProjectLead, lead).CreateOpportunityAsync(new CreateOpportunityRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), Owner = "another-lead",
            Content = new OpportunityContent { Title = "Menu review", RoleType = RoleType.CriticalFriend, Seats = 2 },
        }).ResponseAsync);
        Assert.Equal(lead, created.Owner);

        var opportunity = await OwnedByAsync(lead);
        var member = await fixture.ActiveMemberAsync();
        await Participation().InviteMembersAsync(new InviteMembersRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId,
            Invitees = { new Invitee { MemberId = member.MemberId, ThroughOutreach = true } },
        });

        var forPpi = await Participation().ListParticipantsAsync(new ListParticipantsRequest { OpportunityId = opportunity.OpportunityId });
        var forLead = await Participation(Roles.ProjectLead, lead).ListParticipantsAsync(new ListParticipantsRequest { OpportunityId = opportunity.OpportunityId });
        Assert.True(Assert.Single(forPpi.Participants).InvitedThroughOutreach);
        Assert.False(Assert.Single(forLead.Participants).InvitedThroughOutreach);
    }

    [Fact]
    public async Task Once_published_the_offer_is_frozen_seats_given_stay_and_the_publishing_rules_still_hold()
    {
        var opportunity = await fixture.PublishedOpportunityAsync();
        await SeatAsync(opportunity, await fixture.ActiveMemberAsync());
        await SeatAsync(opportunity, await fixture.ActiveMemberAsync());
        opportunity = await LatestAsync(opportunity);
        var change = opportunity.Content.Clone();
        change.Sessions.AddRange(opportunity.Sessions.Select(s => new SessionDraft
        {
            SessionId = s.SessionId, StartsAt = s.StartsAt, EndsAt = s.EndsAt, Place = s.Place, Online = s.Online,
        }));
        change.PaymentOffer = new PaymentOffer { RateReference = "volunteer-expenses", Description = "Expenses only" };
        change.Seats = 1;
        change.CostCentre = "";

        var refused = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Opportunities().UpdateOpportunityAsync(new UpdateOpportunityRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = opportunity.Version, Content = change,
        }).ResponseAsync);

        Assert.Equal(["cost_centre", "payment_offer", "seats"],
            refused.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations.Select(v => v.Subject).Order());
        Assert.Equal(opportunity, await LatestAsync(opportunity));   // nothing changed
        Assert.Equal(2, opportunity.SeatsFilled);
    }

    [Fact]
    public async Task Events_carry_kind_committee_cost_centre_rate_and_places_and_closing_and_cancelling_are_told_once()
    {
        var published = await fixture.ProbeAsync<OpportunityPublished>();
        var closed = await fixture.ProbeAsync<OpportunityClosed>();
        var cancelled = await fixture.ProbeAsync<OpportunityCancelled>();
        var opportunity = await fixture.PublishedOpportunityAsync();
        var doomed = await fixture.PublishedOpportunityAsync(c => c.Sessions.RemoveAt(0));   // nothing has taken place yet

        var e = await published.WaitForAsync(p => p.OpportunityId.ToString() == opportunity.OpportunityId);
        Assert.Equal(("committee", "Patient Safety Committee", "PPI-001", "contributor-session"), (e.Kind, e.Committee, e.CostCentre, e.RateReference));
        Assert.Equal(["Trust HQ", null], e.Sessions.Select(s => s.Place));

        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Opportunities().CancelOpportunityAsync(new CancelOpportunityRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = opportunity.Version, Reason = "Too late: a session ran.",
        }).ResponseAsync);
        var closedNow = (await Opportunities().CloseOpportunityAsync(new CloseOpportunityRequest
        {
            OpportunityId = opportunity.OpportunityId, ExpectedVersion = opportunity.Version,
        })).Opportunity;
        var cancelledNow = (await Opportunities().CancelOpportunityAsync(new CancelOpportunityRequest
        {
            OpportunityId = doomed.OpportunityId, ExpectedVersion = doomed.Version, Reason = "The service redesign was paused.",
        })).Opportunity;

        Assert.Equal((OpportunityStatus.Closed, OpportunityStatus.Cancelled), (closedNow.Status, cancelledNow.Status));
        Assert.Equal("The service redesign was paused.", cancelledNow.CancellationReason);
        Assert.Equal(1, (await closed.WaitForAsync(c => c.OpportunityId.ToString() == opportunity.OpportunityId)).SessionsHeld);
        Assert.True((await cancelled.WaitForAsync(c => c.OpportunityId.ToString() == doomed.OpportunityId)).WasPublished);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Opportunities().CancelOpportunityAsync(new CancelOpportunityRequest
        {
            OpportunityId = doomed.OpportunityId, ExpectedVersion = cancelledNow.Version, Reason = "Again.",
        }).ResponseAsync);
        var latecomer = await fixture.ActiveMemberAsync();
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Participation().ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = latecomer.MemberId,
        }).ResponseAsync);
        await RpcAssert.InvalidFields(() => Opportunities().CancelOpportunityAsync(new CancelOpportunityRequest
        {
            OpportunityId = doomed.OpportunityId, ExpectedVersion = cancelledNow.Version,
        }).ResponseAsync, "reason");
        await fixture.SettledAsync();
        Assert.Single(closed.Received, c => c.OpportunityId.ToString() == opportunity.OpportunityId);
        Assert.Single(cancelled.Received, c => c.OpportunityId.ToString() == doomed.OpportunityId);
    }

    [Fact]
    public async Task Papers_sent_are_recorded_once_and_late_papers_are_listed_and_flagged()
    {
        var sent = await fixture.ProbeAsync<PapersSent>();
        var lead = "lead-" + Guid.NewGuid().ToString("N");
        // The second session starts in 31 days; with papers due 40 days before, they are already late.
        var opportunity = await OwnedByAsync(lead, c => c.PapersDueDaysBefore = 40);
        var upcoming = opportunity.Sessions[1];

        Assert.True(upcoming.PapersLate);
        var late = await Opportunities(Roles.ProjectLead, lead).ListLatePapersAsync(new ListLatePapersRequest());
        Assert.Equal(upcoming.SessionId, Assert.Single(late.Sessions).Session.SessionId);
        Assert.Empty((await Opportunities(Roles.ProjectLead, "someone-else").ListLatePapersAsync(new ListLatePapersRequest())).Sessions);

        var recorded = (await Opportunities(Roles.ProjectLead, lead).RecordPapersSentAsync(new RecordPapersSentRequest
        {
            OpportunityId = opportunity.OpportunityId, SessionId = upcoming.SessionId,
        })).Opportunity;

        Assert.NotNull(recorded.Sessions[1].PapersSentAt);
        Assert.True(recorded.Sessions[1].PapersLate);   // sent, but after they were due
        Assert.False((await sent.WaitForAsync(p => p.SessionId.ToString() == upcoming.SessionId)).OnTime);
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => Opportunities().RecordPapersSentAsync(new RecordPapersSentRequest
        {
            OpportunityId = opportunity.OpportunityId, SessionId = upcoming.SessionId,
        }).ResponseAsync);
        await RpcAssert.InvalidFields(() => Opportunities().RecordPapersSentAsync(new RecordPapersSentRequest
        {
            OpportunityId = opportunity.OpportunityId, SessionId = upcoming.SessionId, SentAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(2)),
        }).ResponseAsync, "sent_at");
    }

    [Fact]
    public async Task The_presence_check_looks_at_people_selected_and_attending_not_only_at_seats()
    {
        var opportunity = await fixture.PublishedOpportunityAsync(c => c.Seats = 3);
        Assert.Contains("fewer_than_two_selected", opportunity.Presence.Flags);   // the first session's papers are long due

        var member = await fixture.ActiveMemberAsync();
        await SeatAsync(opportunity, member);
        await SeatAsync(opportunity, await fixture.ActiveMemberAsync());
        await Participation().RecordAttendanceAsync(new RecordAttendanceRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, SessionId = opportunity.Sessions[0].SessionId,
            MemberId = member.MemberId, Attended = true, Hours = 2,
        });

        var now = await LatestAsync(opportunity);
        Assert.Equal(["session_attended_by_fewer_than_two"], now.Presence.Flags);
        Assert.False(now.Presence.MeetsRule);
        var flagged = await Opportunities().ListOpportunitiesAsync(new ListOpportunitiesRequest { FlaggedOnly = true, PageSize = 200 });
        Assert.Contains(flagged.Opportunities, o => o.OpportunityId == opportunity.OpportunityId);
    }
}
