using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class ImpactTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private ImpactService.ImpactServiceClient Impact(string? role = Roles.PpiTeam, string subject = "test-user") => new(fixture.Calls(role, subject));

    private static Google.Type.Date D(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    private async Task<(Opportunity Opportunity, Member Participant)> RunOpportunityAsync()
    {
        var published = await fixture.PublishedOpportunityAsync(c => c.IntendedOutcomes.Add("Carers named in every discharge plan"));
        // Run by the project lead the tests call as ("test-user").
        var opportunity = (await new OpportunityService.OpportunityServiceClient(fixture.Calls(Roles.PpiTeam)).AssignOpportunityOwnerAsync(
            new AssignOpportunityOwnerRequest { OpportunityId = published.OpportunityId, ExpectedVersion = published.Version, Owner = "test-user" })).Opportunity;
        var member = await fixture.ActiveMemberAsync();
        var participation = new ParticipationService.ParticipationServiceClient(fixture.Calls(Roles.PpiTeam));
        var p = (await participation.ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId,
        })).Participant;
        await participation.DecideParticipantAsync(new DecideParticipantRequest
        {
            OpportunityId = p.OpportunityId, MemberId = p.MemberId, ExpectedVersion = p.Version, Decision = Decision.Selected, Reason = "Carer of a recent patient",
        });
        return (opportunity, member);
    }

    private static RecordOutcomesRequest Outcomes(Opportunity o, long expectedVersion) => new()
    {
        OpportunityId = o.OpportunityId, ExpectedVersion = expectedVersion, DifferenceMade = "Carers now see the plan before discharge.",
        Outcomes =
        {
            new OutcomeAchieved { Intended = o.Content.IntendedOutcomes[0], Result = OutcomeResult.Achieved, Evidence = "Adopted by the board in May." },
            new OutcomeAchieved { Intended = o.Content.IntendedOutcomes[1], Result = OutcomeResult.PartlyAchieved, Evidence = "Two of three wards." },
        },
    };

    [Fact]
    public async Task Outcomes_are_recorded_against_each_intended_one_and_revised_with_a_version()
    {
        var recorded = await fixture.ProbeAsync<ImpactRecorded>();
        var (opportunity, _) = await RunOpportunityAsync();

        var first = (await Impact(Roles.ProjectLead).RecordOutcomesAsync(Outcomes(opportunity, 0))).Impact;
        Assert.Equal((1L, 2), (first.Version, first.Outcomes.Count));
        var e = await recorded.WaitForAsync(r => r.OpportunityId.ToString() == opportunity.OpportunityId);
        Assert.Equal((2, true, 1, 1, 0, 0), (e.IntendedOutcomes, e.OutcomesRecorded, e.Achieved, e.PartlyAchieved, e.NotAchieved, e.FeedbackGiven));

        var revised = Outcomes(opportunity, 1);
        revised.Outcomes[1].Result = OutcomeResult.Achieved;
        Assert.Equal(2L, (await Impact().RecordOutcomesAsync(revised)).Impact.Version);
        await RpcAssert.FailsWith(StatusCode.Aborted, () => Impact().RecordOutcomesAsync(Outcomes(opportunity, 1)).ResponseAsync);

        var partial = Outcomes(opportunity, 2);
        partial.Outcomes.RemoveAt(1);
        partial.Outcomes.Add(new OutcomeAchieved { Intended = "Something never intended", Result = OutcomeResult.Achieved, Evidence = "x" });
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Impact().RecordOutcomesAsync(partial).ResponseAsync);
    }

    [Fact]
    public async Task We_said_we_did_feedback_is_kept_with_its_date_and_published_once_with_its_text_only_when_publishable()
    {
        var given = await fixture.ProbeAsync<ImpactRecorded>();
        var (opportunity, _) = await RunOpportunityAsync();
        var request = new GiveFeedbackRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, GivenOn = D(Today),
            WeSaid = "Carers were not told when discharge was planned.", WeDid = "Every plan now names the carer and is shared with them.",
        };

        var first = (await Impact().GiveFeedbackAsync(request)).Feedback;
        Assert.Equal(first, (await Impact().GiveFeedbackAsync(request)).Feedback);

        var impact = (await Impact(Roles.ProjectLead).GetImpactAsync(new GetImpactRequest { OpportunityId = opportunity.OpportunityId })).Impact;
        Assert.Equal(first, Assert.Single(impact.Feedback));
        var told = await given.WaitForAsync(f => f.OpportunityId.ToString() == opportunity.OpportunityId);
        Assert.Equal((Today, 1), (told.FirstFeedbackOn, told.FeedbackGiven));
        Assert.Empty(told.Publishable);   // not marked publishable: the text stays in recruitment
        await fixture.SettledAsync();
        Assert.Single(given.Received, f => f.OpportunityId.ToString() == opportunity.OpportunityId);

        request.IdempotencyKey = Guid.NewGuid().ToString();
        request.Publishable = true;
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Impact(Roles.ProjectLead).GiveFeedbackAsync(request).ResponseAsync);   // the PPI team agrees publication
        await Impact().GiveFeedbackAsync(request);
        var published = await given.WaitForAsync(f => f.OpportunityId.ToString() == opportunity.OpportunityId && f.AggregateVersion == told.AggregateVersion + 1);
        Assert.Equal((2, request.WeSaid), (published.FeedbackGiven, Assert.Single(published.Publishable).WeSaid));
        await RpcAssert.InvalidFields(() => Impact().GiveFeedbackAsync(new GiveFeedbackRequest
        {
            IdempotencyKey = "k", OpportunityId = opportunity.OpportunityId, GivenOn = D(Today.AddDays(3)),
        }).ResponseAsync, "we_said", "we_did", "given_on");
    }

    [Fact]
    public async Task Participants_return_one_questionnaire_each_and_comments_stay_with_the_ppi_team()
    {
        var submitted = await fixture.ProbeAsync<QuestionnaireSubmitted>();
        var (opportunity, member) = await RunOpportunityAsync();
        var outsider = await fixture.ActiveMemberAsync();
        SubmitQuestionnaireRequest Answers(Member m) => new()
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = m.MemberId,
            FeltValued = 5, Influence = 4, Support = 3, WouldTakePartAgain = true, Comments = "Papers came late once.",
        };

        var returned = (await Impact(Roles.Member, member.MemberId).SubmitQuestionnaireAsync(Answers(member))).Questionnaire;
        Assert.Equal((5, "Papers came late once."), (returned.FeltValued, returned.Comments));
        var scores = await submitted.WaitForAsync(q => q.OpportunityId.ToString() == opportunity.OpportunityId);
        Assert.Equal((5, 4, 3, true), (scores.FeltValued, scores.Influence, scores.Support, scores.WouldTakePartAgain));
        Assert.All(submitted.ReceivedJson, json => Assert.DoesNotContain("Papers came late", json, StringComparison.Ordinal));   // scores only
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => Impact(Roles.Member, member.MemberId).SubmitQuestionnaireAsync(Answers(member)).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Impact().SubmitQuestionnaireAsync(Answers(outsider)).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Impact(Roles.Member, outsider.MemberId).SubmitQuestionnaireAsync(Answers(member)).ResponseAsync);
        var bad = Answers(member);
        bad.FeltValued = 0;
        bad.Support = 6;
        await RpcAssert.InvalidFields(() => Impact().SubmitQuestionnaireAsync(bad).ResponseAsync, "felt_valued", "support");

        var forPpi = (await Impact().GetImpactAsync(new GetImpactRequest { OpportunityId = opportunity.OpportunityId })).Impact;
        var forLead = (await Impact(Roles.ProjectLead).GetImpactAsync(new GetImpactRequest { OpportunityId = opportunity.OpportunityId })).Impact;
        Assert.Equal((1, 5.0, 1), (forPpi.Questionnaires.Returned, forPpi.Questionnaires.MeanFeltValued, forPpi.Questionnaires.WouldTakePartAgain));
        Assert.Equal("Papers came late once.", Assert.Single(forPpi.Responses).Comments);
        Assert.False(forPpi.Questionnaires.Suppressed);
        Assert.Equal(new QuestionnaireSummary { Returned = 1, Suppressed = true }, forLead.Questionnaires);   // fewer than 8 answers
        Assert.Empty(forLead.Responses);
        var recordedByLead = (await Impact(Roles.ProjectLead).RecordOutcomesAsync(Outcomes(opportunity, 0))).Impact;
        Assert.Empty(recordedByLead.Responses);   // recording outcomes does not hand a lead the individual answers either
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Impact(Roles.ProjectLead, "another-lead").GetImpactAsync(
            new GetImpactRequest { OpportunityId = opportunity.OpportunityId }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Impact(Roles.ProjectLead, "another-lead").RecordOutcomesAsync(
            Outcomes(opportunity, 1)).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Impact(Roles.Member, member.MemberId).GetImpactAsync(
            new GetImpactRequest { OpportunityId = opportunity.OpportunityId }).ResponseAsync);
    }
}
