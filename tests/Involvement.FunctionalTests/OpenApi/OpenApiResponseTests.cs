using System.Net;
using Google.Protobuf;
using Involvement.BuildingBlocks.Security;
using Involvement.FunctionalTests.Payments;
using Involvement.FunctionalTests.Recruitment;
using Involvement.FunctionalTests.Reporting;
using Involvement.FunctionalTests.Training;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.OpenApi;

/// <summary>
/// Real successful calls over REST, each made from the document alone (operation id → path, query, body), whose
/// JSON must conform to the documented response schema, strictly, and read back as the same message gRPC returns.
/// </summary>
public sealed class OpenApiResponseTests(RecruitmentFixture recruitment, PaymentsFixture payments, TrainingFixture training, ReportingFixture reporting)
    : IClassFixture<RecruitmentFixture>, IClassFixture<PaymentsFixture>, IClassFixture<TrainingFixture>, IClassFixture<ReportingFixture>
{
    [Fact]
    public async Task A_member_registered_read_listed_and_changed_over_rest_matches_the_schema_and_grpc()
    {
        var api = new RestApi(OpenApiDocuments.Committed("recruitment"), recruitment.Http());

        var registered = (await SucceedsAsync(api, "MemberService_RegisterMember", RecruitmentFixture.ValidRequest())).As<RegisterMemberResponse>().Member;
        var read = (await SucceedsAsync(api, "MemberService_GetMember", new GetMemberRequest { MemberId = registered.MemberId })).As<GetMemberResponse>().Member;
        Assert.Equal((await recruitment.Client().GetMemberAsync(new GetMemberRequest { MemberId = registered.MemberId })).Member, read);

        var active = (await SucceedsAsync(api, "MemberService_ChangeMemberStatus", new ChangeMemberStatusRequest
        {
            MemberId = read.MemberId, ExpectedVersion = read.Version, Status = MemberStatus.Active,
        })).As<ChangeMemberStatusResponse>().Member;
        var listed = (await SucceedsAsync(api, "MemberService_ListMembers", new ListMembersRequest
        {
            Status = MemberStatus.Active, CareGroup = read.Details.CareGroup, PageSize = 200,
        })).As<ListMembersResponse>();
        Assert.Contains(listed.Members, m => m.MemberId == active.MemberId);

        var details = read.Details.Clone();
        details.Interests.Add("digital");
        var updated = (await SucceedsAsync(api, "MemberService_UpdateMemberDetails", new UpdateMemberDetailsRequest
        {
            MemberId = active.MemberId, ExpectedVersion = active.Version, PreferredName = "Ama", Details = details,
        })).As<UpdateMemberDetailsResponse>().Member;
        var levelled = (await SucceedsAsync(api, "MemberService_ChangeInvolvementLevel", new ChangeInvolvementLevelRequest
        {
            MemberId = updated.MemberId, ExpectedVersion = updated.Version, Level = InvolvementLevel.Collaboration, Reason = "Co-facilitated training",
        })).As<ChangeInvolvementLevelResponse>().Member;
        var agreed = (await SucceedsAsync(api, "MemberService_AgreeCodeOfConduct", new AgreeCodeOfConductRequest
        {
            MemberId = levelled.MemberId, ExpectedVersion = levelled.Version, CodeVersion = "2026.1",
        })).As<AgreeCodeOfConductResponse>().Member;

        Assert.Equal(("Ama", InvolvementLevel.Collaboration, "2026.1"), (agreed.DisplayName, agreed.InvolvementLevel, agreed.CodeOfConduct.Version));
        Assert.Equal((await recruitment.Client().GetMemberAsync(new GetMemberRequest { MemberId = agreed.MemberId })).Member.Version, agreed.Version);
    }

    [Fact]
    public async Task A_stale_version_over_rest_is_a_documented_conflict()
    {
        var api = new RestApi(OpenApiDocuments.Committed("recruitment"), recruitment.Http());
        var member = await recruitment.ActiveMemberAsync();

        var reply = await api.CallAsync(api.Find("MemberService_ChangeMemberStatus")!, new ChangeMemberStatusRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version - 1, Status = MemberStatus.Paused, Reason = "A break",
        }, Roles.PpiTeam);

        Assert.Equal(HttpStatusCode.Conflict, reply.Status);
        reply.AssertDocumented();
    }

    /// <summary>
    /// Reads from every service, each once its RPC has a google.api.http rule (the document has the operation), so
    /// this grows with the rules; the members' calls above always run.
    /// </summary>
    [Fact]
    public async Task Reads_from_every_service_match_their_schemas()
    {
        var opportunity = await recruitment.PublishedOpportunityAsync();
        var reads = new (string Service, IServiceFixture Fixture, string OperationId, IMessage Request, string Role)[]
        {
            ("recruitment", recruitment, "OpportunityService_GetOpportunity", new GetOpportunityRequest { OpportunityId = opportunity.OpportunityId }, Roles.PpiTeam),
            ("recruitment", recruitment, "OpportunityService_ListOpportunities", new ListOpportunitiesRequest { Status = OpportunityStatus.Published }, Roles.PpiTeam),
            ("payments", payments, "RateCardService_ListRateCards", new Involvement.Payments.V1.ListRateCardsRequest(), Roles.Finance),
            ("training", training, "ModuleService_ListModules", new Involvement.Training.V1.ListModulesRequest(), Roles.Trainer),
            ("reporting", reporting, "MetricService_ListMetrics", new Involvement.Reporting.V1.ListMetricsRequest(), Roles.ReportingConsumer),
            ("reporting", reporting, "ReportingService_GetMembershipSummary", new Involvement.Reporting.V1.GetMembershipSummaryRequest(), Roles.ReportingConsumer),
        };

        foreach (var (service, fixture, operationId, request, role) in reads)
        {
            var api = new RestApi(OpenApiDocuments.Committed(service), fixture.Http());
            if (api.Find(operationId) is not null)
            {
                await SucceedsAsync(api, operationId, request, role);
            }
        }
    }

    private static async Task<RestReply> SucceedsAsync(RestApi api, string operationId, IMessage request, string role = Roles.PpiTeam)
    {
        var operation = api.Find(operationId);
        Assert.True(operation is not null, $"{operationId} is not in the document");
        var reply = await api.CallAsync(operation, request, role);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        reply.AssertDocumented();
        return reply;
    }
}
