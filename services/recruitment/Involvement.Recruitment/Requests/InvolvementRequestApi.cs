using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.Requests;
using Involvement.Recruitment.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Recruitment.Requests;

/// <summary>Involvement requests: project leads (and the PPI team) submit them; the PPI team assesses them.</summary>
public sealed class InvolvementRequestApi(Db db, InvolvementRequestStore requests) : InvolvementRequestService.InvolvementRequestServiceBase
{
    private const int MaxAnswerLength = 2000;

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<SubmitInvolvementRequestResponse> SubmitInvolvementRequest(SubmitInvolvementRequestRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var c = request.Content ?? new InvolvementRequestContent();
        var content = new InvolvementRequestContent
        {
            ProjectTitle = v.Required("content.project_title", c.ProjectTitle, 200),
            ProjectTeam = v.Required("content.project_team", c.ProjectTeam, 200),
            PatientIntelligence = v.RequiredMultiLine("content.patient_intelligence", c.PatientIntelligence, MaxAnswerLength),
            GroupsAffected = v.RequiredMultiLine("content.groups_affected", c.GroupsAffected, MaxAnswerLength),
            HowInvolve = v.RequiredMultiLine("content.how_involve", c.HowInvolve, MaxAnswerLength),
            ScopeToInfluence = v.RequiredMultiLine("content.scope_to_influence", c.ScopeToInfluence, MaxAnswerLength),
            DisproportionatelyAffected = v.RequiredMultiLine("content.disproportionately_affected", c.DisproportionatelyAffected, MaxAnswerLength),
            HowEngageAffected = v.RequiredMultiLine("content.how_engage_affected", c.HowEngageAffected, MaxAnswerLength),
        };
        v.ThrowIfInvalid();
        return await db.ExecuteOnceAsync(nameof(SubmitInvolvementRequest), context.Caller(), key, request, async unit => new SubmitInvolvementRequestResponse
        {
            Request = await requests.SubmitAsync(unit, content, context.Caller()),
        }, context.CancellationToken);
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<GetInvolvementRequestResponse> GetInvolvementRequest(GetInvolvementRequestRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("request_id", request.RequestId);
        v.ThrowIfInvalid();
        return new GetInvolvementRequestResponse { Request = await requests.GetAsync(id, context.CancellationToken) };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<ListInvolvementRequestsResponse> ListInvolvementRequests(ListInvolvementRequestsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var status = v.Enum("status", request.Status, required: false);
        var pageSize = v.PageSize("page_size", request.PageSize);
        var before = PageToken.Decode(request.PageToken, InvolvementRequestStore.TokenList, v);
        v.ThrowIfInvalid();
        var page = await requests.ListAsync(status, pageSize, before, context.CancellationToken);
        return new ListInvolvementRequestsResponse { Requests = { page.Items }, NextPageToken = page.NextPageToken };
    }

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<AssessInvolvementRequestResponse> AssessInvolvementRequest(AssessInvolvementRequestRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("request_id", request.RequestId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var assessment = new Assessment
        {
            RecommendedRung = v.Enum("recommended_rung", request.RecommendedRung, required: true),
            EqualityConsiderations = v.RequiredMultiLine("equality_considerations", request.EqualityConsiderations, MaxAnswerLength),
            Approve = request.Approve,
            Notes = v.OptionalMultiLine("notes", request.Notes, MaxAnswerLength) ?? "",
            AssessedBy = context.Caller(),
        };
        v.Must(request.Approve || assessment.Notes.Length > 0, "notes", "are required when declining, so the project team knows why.");
        v.ThrowIfInvalid();
        return new AssessInvolvementRequestResponse
        {
            Request = await db.InTransactionAsync(unit => requests.AssessAsync(unit, id, expected, assessment), context.CancellationToken),
        };
    }
}
