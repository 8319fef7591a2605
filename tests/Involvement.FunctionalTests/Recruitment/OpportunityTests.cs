using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class OpportunityTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private static readonly DateTimeOffset FirstSession = new(2027, 3, 10, 10, 0, 0, TimeSpan.Zero);

    private OpportunityService.OpportunityServiceClient Opportunities(string? role = Roles.PpiTeam) => new(fixture.Calls(role));

    private static OpportunityContent Content(int seats = 3, int reserves = 1, bool highLevel = true) => new()
    {
        Title = "Crisis care redesign: experts by experience",
        Purpose = "Redesign the crisis pathway with people who have used it.",
        IntendedOutcomes = { "A pathway map agreed with service users", "Three changes adopted by the board" },
        LimitsOfInfluence = "The budget is fixed; the order and shape of care is open.",
        RoleType = RoleType.ExpertByExperience,
        RoleDescription = "Attend four workshops and review drafts.",
        LevelRequired = InvolvementLevel.InformedDecisions,
        TrainingPrerequisites = { "intro-participation" },
        PaymentOffer = new PaymentOffer { RateReference = "contributor-session", Description = "£20 per session, plus travel" },
        Kind = OpportunityKind.WorkStream,
        CostCentre = "PPI-001",
        Sessions =
        {
            new SessionDraft { StartsAt = Timestamp.FromDateTimeOffset(FirstSession), EndsAt = Timestamp.FromDateTimeOffset(FirstSession.AddHours(2)), Place = "Trust HQ, room 4" },
            new SessionDraft { StartsAt = Timestamp.FromDateTimeOffset(FirstSession.AddDays(14)), EndsAt = Timestamp.FromDateTimeOffset(FirstSession.AddDays(14).AddHours(2)), Online = true },
        },
        AdjustmentsOffered = { "step-free access", "papers in large print" },
        Seats = seats,
        ReserveSeats = reserves,
        HighLevel = highLevel,
        CareGroup = "Acute mental health",
        Locality = "Canterbury",
        Topics = { "crisis care" },
    };

    private async Task<Opportunity> CreateAsync(OpportunityContent content, string? role = Roles.PpiTeam) =>
        (await Opportunities(role).CreateOpportunityAsync(new CreateOpportunityRequest { IdempotencyKey = Guid.NewGuid().ToString(), Content = content })).Opportunity;

    [Fact]
    public async Task A_lone_seat_at_a_high_level_meeting_without_a_reserve_is_flagged_with_its_reasons()
    {
        var flagged = await CreateAsync(Content(seats: 1, reserves: 0));

        Assert.False(flagged.Presence.MeetsRule);
        Assert.Equal(["fewer_than_two_seats", "high_level_without_reserve"], flagged.Presence.Flags);
        Assert.Equal(2, flagged.Presence.Explanations.Count);
        var listed = await Opportunities().ListOpportunitiesAsync(new ListOpportunitiesRequest { FlaggedOnly = true, PageSize = 200 });
        Assert.Contains(listed.Opportunities, o => o.OpportunityId == flagged.OpportunityId);

        var fine = await CreateAsync(Content());
        Assert.True(fine.Presence.MeetsRule);
        Assert.Empty(fine.Presence.Flags);
    }

    [Fact]
    public async Task Papers_are_due_a_set_number_of_days_before_each_session()
    {
        var byDefault = await CreateAsync(Content());
        var content = Content();
        content.PapersDueDaysBefore = 3;
        var custom = await CreateAsync(content);

        Assert.Equal(7, byDefault.PapersDueDaysBefore);
        Assert.Equal(new Google.Type.Date { Year = 2027, Month = 3, Day = 3 }, byDefault.Sessions[0].PapersDueOn);
        Assert.Equal(new Google.Type.Date { Year = 2027, Month = 3, Day = 7 }, custom.Sessions[0].PapersDueOn);
        Assert.Equal(new Google.Type.Date { Year = 2027, Month = 3, Day = 21 }, custom.Sessions[1].PapersDueOn);
    }

    [Fact]
    public async Task Publishing_needs_purpose_outcomes_an_offer_a_kind_a_cost_centre_and_a_session_each_named()
    {
        var bare = await CreateAsync(new OpportunityContent { Title = "Something", RoleType = RoleType.CriticalFriend, Seats = 2 });

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Opportunities().PublishOpportunityAsync(
            new PublishOpportunityRequest { OpportunityId = bare.OpportunityId, ExpectedVersion = bare.Version }).ResponseAsync);

        Assert.Equal(["purpose", "intended_outcomes", "payment_offer", "kind", "cost_centre", "sessions"],
            ex.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations.Select(v => v.Subject));
    }

    [Fact]
    public async Task Publishing_opens_it_to_members_and_tells_other_services_once()
    {
        var published = await fixture.ProbeAsync<OpportunityPublished>();
        var draft = await CreateAsync(Content());

        await RpcAssert.FailsWith(StatusCode.NotFound, () => Opportunities(Roles.Member).GetOpportunityAsync(
            new GetOpportunityRequest { OpportunityId = draft.OpportunityId }).ResponseAsync);
        var opened = (await Opportunities().PublishOpportunityAsync(new PublishOpportunityRequest { OpportunityId = draft.OpportunityId, ExpectedVersion = draft.Version })).Opportunity;

        Assert.Equal(OpportunityStatus.Published, opened.Status);
        Assert.Equal(opened, (await Opportunities(Roles.Member).GetOpportunityAsync(new GetOpportunityRequest { OpportunityId = draft.OpportunityId })).Opportunity);
        var e = await published.WaitForAsync(p => p.OpportunityId.ToString() == draft.OpportunityId);
        Assert.Equal(("contributor-session", 3, 1, 2, 2), (e.RateReference, e.Seats, e.ReserveSeats, e.IntendedOutcomes, e.Sessions.Count));
        Assert.Equal(3, e.LevelRequired);
        await fixture.SettledAsync();
        Assert.Single(published.Received, p => p.OpportunityId.ToString() == draft.OpportunityId);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Opportunities().PublishOpportunityAsync(
            new PublishOpportunityRequest { OpportunityId = draft.OpportunityId, ExpectedVersion = opened.Version }).ResponseAsync);
    }

    [Fact]
    public async Task Changing_a_published_opportunity_keeps_named_sessions_and_publishes_the_change()
    {
        var changed = await fixture.ProbeAsync<OpportunityChanged>();
        var draft = await CreateAsync(Content());
        var opened = (await Opportunities().PublishOpportunityAsync(new PublishOpportunityRequest { OpportunityId = draft.OpportunityId, ExpectedVersion = draft.Version })).Opportunity;
        var content = opened.Content.Clone();
        content.Seats = 1;
        content.Sessions.Add(new SessionDraft
        {
            SessionId = opened.Sessions[0].SessionId, StartsAt = opened.Sessions[0].StartsAt, EndsAt = opened.Sessions[0].EndsAt, Place = "Trust HQ, room 5",
        });

        var updated = (await Opportunities().UpdateOpportunityAsync(new UpdateOpportunityRequest
        {
            OpportunityId = opened.OpportunityId, ExpectedVersion = opened.Version, Content = content,
        })).Opportunity;

        var session = Assert.Single(updated.Sessions);
        Assert.Equal((opened.Sessions[0].SessionId, "Trust HQ, room 5"), (session.SessionId, session.Place));
        Assert.Equal(["fewer_than_two_seats"], updated.Presence.Flags);
        var e = await changed.WaitForAsync(c => c.OpportunityId.ToString() == opened.OpportunityId);
        Assert.Equal((updated.Version, 1, 1), (e.AggregateVersion, e.Seats, e.Sessions.Count));

        await RpcAssert.FailsWith(StatusCode.Aborted, () => Opportunities().UpdateOpportunityAsync(new UpdateOpportunityRequest
        {
            OpportunityId = opened.OpportunityId, ExpectedVersion = opened.Version, Content = content,
        }).ResponseAsync);
    }

    [Fact]
    public async Task A_retried_create_returns_the_same_draft()
    {
        var request = new CreateOpportunityRequest { IdempotencyKey = Guid.NewGuid().ToString(), Content = Content() };

        var first = (await Opportunities().CreateOpportunityAsync(request)).Opportunity;
        var again = (await Opportunities().CreateOpportunityAsync(request)).Opportunity;

        Assert.Equal(first, again);
    }

    [Fact]
    public async Task Bad_content_is_named_field_by_field()
    {
        var content = Content();
        content.Title = "";
        content.RoleType = (RoleType)77;
        content.Seats = 101;
        content.Sessions[0].EndsAt = content.Sessions[0].StartsAt;
        content.Sessions[1].Online = false;

        await RpcAssert.InvalidFields(() => Opportunities().CreateOpportunityAsync(new CreateOpportunityRequest { IdempotencyKey = "k", Content = content }).ResponseAsync,
            "content.title", "content.role_type", "content.seats", "content.sessions[0].ends_at", "content.sessions[1].place");
    }

    [Fact]
    public async Task Project_leads_shape_opportunities_but_only_the_ppi_team_publishes_and_members_only_read()
    {
        var draft = await CreateAsync(Content(), Roles.ProjectLead);

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Opportunities(Roles.ProjectLead).PublishOpportunityAsync(
            new PublishOpportunityRequest { OpportunityId = draft.OpportunityId, ExpectedVersion = draft.Version }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Opportunities(Roles.Member).CreateOpportunityAsync(
            new CreateOpportunityRequest { IdempotencyKey = "m", Content = Content() }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Opportunities(Roles.ReportingConsumer).ListOpportunitiesAsync(
            new ListOpportunitiesRequest()).ResponseAsync);
        await RpcAssert.InvalidFields(() => Opportunities(Roles.Member).ListOpportunitiesAsync(
            new ListOpportunitiesRequest { Status = OpportunityStatus.Draft }).ResponseAsync, "status");
        await RpcAssert.InvalidFields(() => Opportunities(Roles.Member).ListOpportunitiesAsync(
            new ListOpportunitiesRequest { FlaggedOnly = true }).ResponseAsync, "flagged_only");
        var memberView = await Opportunities(Roles.Member).ListOpportunitiesAsync(new ListOpportunitiesRequest { PageSize = 200 });
        Assert.All(memberView.Opportunities, o => Assert.Equal(OpportunityStatus.Published, o.Status));
    }
}
