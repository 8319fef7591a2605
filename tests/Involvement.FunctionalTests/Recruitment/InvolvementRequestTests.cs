using Involvement.Contracts.Recruitment;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class InvolvementRequestTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private InvolvementRequestService.InvolvementRequestServiceClient Requests(string? role = Roles.PpiTeam) => new(fixture.Calls(role));

    private static InvolvementRequestContent SixAnswers() => new()
    {
        ProjectTitle = "Discharge lounge redesign",
        ProjectTeam = "Emergency care quality improvement team",
        PatientIntelligence = "Complaints about waits for transport; Friends and Family comments.",
        GroupsAffected = "Older patients, carers, people with learning disabilities.",
        HowInvolve = "A co-design group meeting monthly for six months.",
        ScopeToInfluence = "Layout, information and the order of discharge tasks; not the building budget.",
        DisproportionatelyAffected = "People with learning disabilities wait longest.",
        HowEngageAffected = "Through the learning disability liaison nurses and a local self-advocacy group.",
    };

    private async Task<InvolvementRequest> SubmitAsync(string? role = Roles.ProjectLead) =>
        (await Requests(role).SubmitInvolvementRequestAsync(new SubmitInvolvementRequestRequest { IdempotencyKey = Guid.NewGuid().ToString(), Content = SixAnswers() })).Request;

    private Task<AssessInvolvementRequestResponse> AssessAsync(InvolvementRequest r, bool approve, string notes = "") =>
        Requests().AssessInvolvementRequestAsync(new AssessInvolvementRequestRequest
        {
            RequestId = r.RequestId, ExpectedVersion = r.Version, RecommendedRung = EngagementRung.CoProduce, Approve = approve, Notes = notes,
            EqualityConsiderations = "Easy-read papers and a supporter for members with learning disabilities.",
        }).ResponseAsync;

    [Fact]
    public async Task A_project_team_asks_the_six_questions_and_a_retry_makes_one_request()
    {
        var request = new SubmitInvolvementRequestRequest { IdempotencyKey = Guid.NewGuid().ToString(), Content = SixAnswers() };

        var first = (await Requests(Roles.ProjectLead).SubmitInvolvementRequestAsync(request)).Request;
        var retried = (await Requests(Roles.ProjectLead).SubmitInvolvementRequestAsync(request)).Request;

        Assert.Equal(first, retried);
        Assert.Equal((RequestStatus.Submitted, SixAnswers()), (first.Status, first.Content));
        Assert.Null(first.Assessment);
        var listed = await Requests().ListInvolvementRequestsAsync(new ListInvolvementRequestsRequest { Status = RequestStatus.Submitted, PageSize = 200 });
        Assert.Contains(listed.Requests, r => r.RequestId == first.RequestId);
    }

    [Fact]
    public async Task A_submitted_request_is_published_once_with_no_free_text_however_often_it_is_retried()
    {
        var submitted = await fixture.ProbeAsync<InvolvementRequestSubmitted>();
        var request = new SubmitInvolvementRequestRequest { IdempotencyKey = Guid.NewGuid().ToString(), Content = SixAnswers() };

        var first = (await Requests(Roles.ProjectLead).SubmitInvolvementRequestAsync(request)).Request;
        await Requests(Roles.ProjectLead).SubmitInvolvementRequestAsync(request);
        await fixture.SettledAsync();

        var told = Assert.Single(submitted.Received, e => e.RequestId.ToString() == first.RequestId);
        Assert.Equal((1L, first.SubmittedAt.ToDateTimeOffset()), (told.AggregateVersion, told.SubmittedAt));
        var json = Assert.Single(submitted.ReceivedJson, j => j.Contains(first.RequestId, StringComparison.Ordinal));
        Assert.DoesNotContain("Discharge lounge", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approved_request_becomes_opportunities_and_lists_them()
    {
        var assessed = await fixture.ProbeAsync<InvolvementRequestAssessed>();
        var submitted = await SubmitAsync();
        var approved = (await AssessAsync(submitted, approve: true)).Request;
        Assert.Equal((RequestStatus.Approved, EngagementRung.CoProduce), (approved.Status, approved.Assessment.RecommendedRung));
        var told = await assessed.WaitForAsync(a => a.RequestId.ToString() == approved.RequestId);
        Assert.Equal((true, "co_produce", approved.Version), (told.Approved, told.RecommendedRung, told.AggregateVersion));
        Assert.Equal("test-user", approved.Assessment.AssessedBy);

        var opportunity = await fixture.PublishedOpportunityAsync(c => c.InvolvementRequestId = approved.RequestId);

        var now = (await Requests(Roles.ProjectLead).GetInvolvementRequestAsync(new GetInvolvementRequestRequest { RequestId = approved.RequestId })).Request;
        Assert.Equal([opportunity.OpportunityId], now.OpportunityIds);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => AssessAsync(now, approve: false, "Changed our mind"));
    }

    [Fact]
    public async Task Opportunities_cannot_answer_a_request_that_is_not_approved()
    {
        var declined = (await AssessAsync(await SubmitAsync(), approve: false, "This is a staff survey, not involvement.")).Request;
        var pending = await SubmitAsync();

        foreach (var id in new[] { declined.RequestId, pending.RequestId, Guid.NewGuid().ToString() })
        {
            await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => fixture.PublishedOpportunityAsync(c => c.InvolvementRequestId = id));
        }

        Assert.Equal(RequestStatus.Declined, declined.Status);
    }

    [Fact]
    public async Task Bad_input_wrong_roles_and_stale_versions_are_refused()
    {
        var content = SixAnswers();
        content.ScopeToInfluence = "";
        content.HowEngageAffected = " ";
        await RpcAssert.InvalidFields(() => Requests().SubmitInvolvementRequestAsync(new SubmitInvolvementRequestRequest { IdempotencyKey = "k", Content = content }).ResponseAsync,
            "content.scope_to_influence", "content.how_engage_affected");
        var submitted = await SubmitAsync();
        await RpcAssert.InvalidFields(() => Requests().AssessInvolvementRequestAsync(new AssessInvolvementRequestRequest
        {
            RequestId = submitted.RequestId, ExpectedVersion = submitted.Version,
        }).ResponseAsync, "recommended_rung", "equality_considerations", "notes");
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Requests(Roles.ProjectLead).AssessInvolvementRequestAsync(new AssessInvolvementRequestRequest
        {
            RequestId = submitted.RequestId, ExpectedVersion = submitted.Version, RecommendedRung = EngagementRung.Involve, EqualityConsiderations = "x", Approve = true,
        }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Requests(Roles.Member).SubmitInvolvementRequestAsync(
            new SubmitInvolvementRequestRequest { IdempotencyKey = "k", Content = SixAnswers() }).ResponseAsync);
        await AssessAsync(submitted, approve: true);
        await RpcAssert.FailsWith(StatusCode.Aborted, () => AssessAsync(submitted, approve: true));
    }
}
