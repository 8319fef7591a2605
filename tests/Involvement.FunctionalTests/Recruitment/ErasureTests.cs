using Dapper;
using Google.Rpc;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;
using Npgsql;

namespace Involvement.FunctionalTests.Recruitment;

/// <summary>Erasure that holds: nothing more is written or published about an erased member, and their places are given up.</summary>
public sealed class ErasureTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private ParticipationService.ParticipationServiceClient Participation(string? role = Roles.PpiTeam, string subject = "test-user") =>
        new(fixture.Calls(role, subject));

    private async Task<Participant> SeatAsync(Opportunity opportunity, Member member, Decision decision = Decision.Selected)
    {
        var interested = (await Participation().ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId,
        })).Participant;
        return (await Participation().DecideParticipantAsync(new DecideParticipantRequest
        {
            OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId, ExpectedVersion = interested.Version, Decision = decision,
            Reason = "Brings recent experience of the service.",
        })).Participant;
    }

    private async Task<Member> EraseAsync(Member member) =>
        (await new DataProtectionService.DataProtectionServiceClient(fixture.Calls(Roles.PpiTeam)).EraseMemberAsync(new EraseMemberRequest
        {
            MemberId = member.MemberId, ExpectedVersion = (await fixture.Client().GetMemberAsync(new GetMemberRequest { MemberId = member.MemberId })).Member.Version,
            Basis = ErasureBasis.ErasureRequested,
        })).Member;

    private static async Task RefusedAsErasedAsync(Func<Task> write)
    {
        var refused = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, write);
        Assert.Contains(refused.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations, v => v.Type == "MEMBER_ERASED");
    }

    [Fact]
    public async Task After_erasure_every_write_about_the_member_is_refused_and_nothing_about_them_is_published()
    {
        var updates = await fixture.ProbeAsync<MemberUpdated>();
        var member = await fixture.ActiveMemberAsync();
        var opportunity = await fixture.PublishedOpportunityAsync();
        var other = await fixture.PublishedOpportunityAsync();
        await SeatAsync(opportunity, member);
        await Participation().RecordAttendanceAsync(new RecordAttendanceRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, SessionId = opportunity.Sessions[0].SessionId,
            MemberId = member.MemberId, Attended = true, Hours = 2,
        });
        var erased = await EraseAsync(member);
        var id = member.MemberId;
        var session = opportunity.Sessions[0].SessionId;

        await RefusedAsErasedAsync(() => fixture.Client().UpdateMemberDetailsAsync(new UpdateMemberDetailsRequest
        {
            MemberId = id, ExpectedVersion = erased.Version, PreferredName = "Back again", Details = RecruitmentFixture.ValidRequest().Details,
        }).ResponseAsync);
        await RefusedAsErasedAsync(() => fixture.Client().ChangeMemberStatusAsync(new ChangeMemberStatusRequest
        {
            MemberId = id, ExpectedVersion = erased.Version, Status = MemberStatus.Active,
        }).ResponseAsync);
        await RefusedAsErasedAsync(() => fixture.Client().ChangeInvolvementLevelAsync(new ChangeInvolvementLevelRequest
        {
            MemberId = id, ExpectedVersion = erased.Version, Level = InvolvementLevel.Collaboration, Reason = "Ready for more.",
        }).ResponseAsync);
        await RefusedAsErasedAsync(() => fixture.Client().AgreeCodeOfConductAsync(new AgreeCodeOfConductRequest
        {
            MemberId = id, ExpectedVersion = erased.Version, CodeVersion = "2026.1",
        }).ResponseAsync);
        await RefusedAsErasedAsync(() => new EqualityMonitoringService.EqualityMonitoringServiceClient(fixture.Calls(Roles.PpiTeam))
            .RecordEqualityMonitoringAsync(new RecordEqualityMonitoringRequest { MemberId = id, Answers = new EqualityAnswers { Sex = Sex.Female } }).ResponseAsync);
        await RefusedAsErasedAsync(() => new SchemeService.SchemeServiceClient(fixture.Calls(Roles.PpiTeam)).JoinSchemeAsync(new JoinSchemeRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), MemberId = id, Scheme = Scheme.Volunteer,
        }).ResponseAsync);
        await RefusedAsErasedAsync(() => Participation().ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = other.OpportunityId, MemberId = id,
        }).ResponseAsync);
        await RefusedAsErasedAsync(() => Participation().RecordAttendanceAsync(new RecordAttendanceRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, SessionId = session, MemberId = id, Attended = true, Hours = 1,
        }).ResponseAsync);
        await RefusedAsErasedAsync(() => Participation().CorrectAttendanceAsync(new CorrectAttendanceRequest
        {
            OpportunityId = opportunity.OpportunityId, SessionId = session, MemberId = id, Attended = true, Hours = 1, Reason = "Left early.", ExpectedVersion = 9,
        }).ResponseAsync);
        await RefusedAsErasedAsync(() => new ImpactService.ImpactServiceClient(fixture.Calls(Roles.PpiTeam)).SubmitQuestionnaireAsync(new SubmitQuestionnaireRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = id, FeltValued = 4, Influence = 4, Support = 4,
        }).ResponseAsync);
        await RefusedAsErasedAsync(() => new TrainingRecordService.TrainingRecordServiceClient(fixture.Calls(Roles.PpiTeam))
            .RecordCompletionByHandAsync(new RecordCompletionByHandRequest
            {
                IdempotencyKey = Guid.NewGuid().ToString(), MemberId = id, ModuleCode = "intro-participation",
                CompletedOn = new Google.Type.Date { Year = 2026, Month = 1, Day = 5 }, Evidence = "Certificate",
            }).ResponseAsync);

        Assert.Equal(erased, (await fixture.Client().GetMemberAsync(new GetMemberRequest { MemberId = id })).Member);   // unchanged
        await fixture.SettledAsync();
        Assert.DoesNotContain(updates.Received, u => u.MemberId.ToString() == id);
        await using var db = fixture.OpenDatabase();
        Assert.Equal(0L, await db.ExecuteScalarAsync<long>(
            """
            select count(*) from outbox_messages where payload->>'memberId' = @id
              and sequence > (select sequence from outbox_messages where message_type like '%MemberErased' and payload->>'memberId' = @id)
            """,
            new { id }));
    }

    [Fact]
    public async Task The_outbox_itself_refuses_an_event_about_an_erased_member()
    {
        var member = await fixture.ActiveMemberAsync();
        await EraseAsync(member);
        await using var db = fixture.OpenDatabase();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(
            """
            insert into outbox_messages (id, message_type, payload, occurred_at)
            values (gen_random_uuid(), 'Involvement.Contracts.Recruitment.MemberUpdated', jsonb_build_object('memberId', @id, 'displayName', 'Amara'), now())
            """,
            new { id = member.MemberId }));
        Assert.Contains("erased member", refused.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasure_scrubs_questionnaire_comments_and_releases_the_seat_to_the_reserve()
    {
        var selected = await fixture.ProbeAsync<ParticipantSelected>();
        var withdrawn = await fixture.ProbeAsync<ParticipantWithdrawn>();
        var schemesEnded = await fixture.ProbeAsync<SchemeMembershipEnded>();
        var member = await fixture.ActiveMemberAsync();
        var volunteering = (await new SchemeService.SchemeServiceClient(fixture.Calls(Roles.PpiTeam)).JoinSchemeAsync(new JoinSchemeRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), MemberId = member.MemberId, Scheme = Scheme.Volunteer,
        })).Membership;
        var reserve = await fixture.ActiveMemberAsync();
        var opportunity = await fixture.PublishedOpportunityAsync();
        await SeatAsync(opportunity, member);
        await SeatAsync(opportunity, reserve, Decision.Reserve);
        await new ImpactService.ImpactServiceClient(fixture.Calls(Roles.Member, member.MemberId)).SubmitQuestionnaireAsync(new SubmitQuestionnaireRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId,
            FeltValued = 5, Influence = 4, Support = 5, WouldTakePartAgain = true, Comments = "My daughter's diagnosis made this hard.",
        });

        await EraseAsync(member);

        await using var db = fixture.OpenDatabase();
        Assert.Null(await db.ExecuteScalarAsync<string?>("select comments from questionnaires where member_id = @id", new { id = Guid.Parse(member.MemberId) }));
        var participants = (await Participation().ListParticipantsAsync(new ListParticipantsRequest { OpportunityId = opportunity.OpportunityId })).Participants;
        Assert.Equal(ParticipantState.Withdrawn, participants.Single(p => p.MemberId == member.MemberId).State);
        Assert.Equal(ParticipantState.Selected, participants.Single(p => p.MemberId == reserve.MemberId).State);
        Assert.True((await selected.WaitForAsync(s => s.MemberId.ToString() == reserve.MemberId && s.PromotedFromReserve)).PromotedFromReserve);
        Assert.Equal("selected", (await withdrawn.WaitForAsync(w => w.MemberId.ToString() == member.MemberId)).PreviousState);
        Assert.Equal("volunteer", (await schemesEnded.WaitForAsync(e => e.MembershipId.ToString() == volunteering.MembershipId)).Scheme);   // an erased member holds no scheme
    }

    [Fact]
    public async Task Leaving_gives_up_every_place_and_a_paused_reserve_is_passed_over_for_an_active_one()
    {
        var member = await fixture.ActiveMemberAsync();
        var paused = await fixture.ActiveMemberAsync();
        var waiting = await fixture.ActiveMemberAsync();
        var opportunity = await fixture.PublishedOpportunityAsync(c => c.ReserveSeats = 2);
        var another = await fixture.PublishedOpportunityAsync();
        await SeatAsync(opportunity, member);
        await SeatAsync(opportunity, paused, Decision.Reserve);    // waited longest
        await SeatAsync(opportunity, waiting, Decision.Reserve);
        await Participation().ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = another.OpportunityId, MemberId = member.MemberId,
        });
        var current = (await fixture.Client().GetMemberAsync(new GetMemberRequest { MemberId = paused.MemberId })).Member;
        await fixture.Client().ChangeMemberStatusAsync(new ChangeMemberStatusRequest
        {
            MemberId = paused.MemberId, ExpectedVersion = current.Version, Status = MemberStatus.Paused, Reason = "Caring for a relative.",
        });

        current = (await fixture.Client().GetMemberAsync(new GetMemberRequest { MemberId = member.MemberId })).Member;
        await fixture.Client().ChangeMemberStatusAsync(new ChangeMemberStatusRequest
        {
            MemberId = member.MemberId, ExpectedVersion = current.Version, Status = MemberStatus.Left, Reason = "Moving away.",
        });

        var places = (await Participation().ListParticipantsAsync(new ListParticipantsRequest { MemberId = member.MemberId })).Participants;
        Assert.Equal(2, places.Count);
        Assert.All(places, p => Assert.Equal(ParticipantState.Withdrawn, p.State));
        var onOpportunity = (await Participation().ListParticipantsAsync(new ListParticipantsRequest { OpportunityId = opportunity.OpportunityId }))
            .Participants.ToDictionary(p => p.MemberId, p => p.State);
        Assert.Equal(ParticipantState.Reserve, onOpportunity[paused.MemberId]);
        Assert.Equal(ParticipantState.Selected, onOpportunity[waiting.MemberId]);
    }

    [Fact]
    public async Task An_idempotency_key_belongs_to_the_caller_that_sent_it()
    {
        var opportunities = (string lead) => new OpportunityService.OpportunityServiceClient(fixture.Calls(Roles.ProjectLead, lead));
        var request = new CreateOpportunityRequest
        {
            IdempotencyKey = "shared-key-" + Guid.NewGuid().ToString("N"),
            Content = new OpportunityContent { Title = "Discharge letters review", RoleType = RoleType.CriticalFriend, Seats = 2 },
        };

        var first = (await opportunities("lead-a").CreateOpportunityAsync(request)).Opportunity;
        var retried = (await opportunities("lead-a").CreateOpportunityAsync(request)).Opportunity;
        var other = (await opportunities("lead-b").CreateOpportunityAsync(request)).Opportunity;

        Assert.Equal(first, retried);
        Assert.NotEqual(first.OpportunityId, other.OpportunityId);
        Assert.Equal(("lead-a", "lead-b"), (first.Owner, other.Owner));
    }
}
