using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.Opportunities;
using Involvement.Recruitment.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Recruitment.Opportunities;

/// <summary>The opportunities gRPC API: the PPI team and project leads shape them; members may read published ones.</summary>
public sealed class OpportunityApi(Db db, OpportunityStore opportunities) : OpportunityService.OpportunityServiceBase
{
    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<CreateOpportunityResponse> CreateOpportunity(CreateOpportunityRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var content = ValidContent.From(request.Content, v);
        v.ThrowIfInvalid();
        return await db.ExecuteOnceAsync(nameof(CreateOpportunity), key, request,
            async unit => new CreateOpportunityResponse { Opportunity = await opportunities.CreateAsync(unit, content) }, context.CancellationToken);
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead},{Roles.Member}")]
    public override async Task<GetOpportunityResponse> GetOpportunity(GetOpportunityRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("opportunity_id", request.OpportunityId);
        v.ThrowIfInvalid();
        var opportunity = await opportunities.GetAsync(id, context.CancellationToken);
        if (opportunity.Status != OpportunityStatus.Published && !context.IsInAnyRole(Roles.PpiTeam, Roles.ProjectLead))
        {
            throw new NotFoundException($"No opportunity has id {id}.");   // drafts are not shown to members
        }

        return new GetOpportunityResponse { Opportunity = opportunity };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead},{Roles.Member}")]
    public override async Task<ListOpportunitiesResponse> ListOpportunities(ListOpportunitiesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var status = v.Enum("status", request.Status, required: false);
        var pageSize = v.PageSize("page_size", request.PageSize);
        var before = PageToken.Decode(request.PageToken, OpportunityStore.TokenList, v);
        v.ThrowIfInvalid();
        if (!context.IsInAnyRole(Roles.PpiTeam, Roles.ProjectLead))
        {
            // Members see only what is open to them: a filter asking for more is refused, not quietly narrowed.
            if (status is not (OpportunityStatus.Unspecified or OpportunityStatus.Published))
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, "Members may list only published opportunities; leave status unset or ask for PUBLISHED."));
            }

            status = OpportunityStatus.Published;
        }

        return await opportunities.ListAsync(
            status == OpportunityStatus.Unspecified ? null : status == OpportunityStatus.Published ? "published" : "draft",
            request.FlaggedOnly, pageSize, before, context.CancellationToken);
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<UpdateOpportunityResponse> UpdateOpportunity(UpdateOpportunityRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("opportunity_id", request.OpportunityId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var content = ValidContent.From(request.Content, v);
        v.ThrowIfInvalid();
        return new UpdateOpportunityResponse
        {
            Opportunity = await db.InTransactionAsync(unit => opportunities.UpdateAsync(unit, id, expected, content), context.CancellationToken),
        };
    }

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<PublishOpportunityResponse> PublishOpportunity(PublishOpportunityRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("opportunity_id", request.OpportunityId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        v.ThrowIfInvalid();
        return new PublishOpportunityResponse
        {
            Opportunity = await db.InTransactionAsync(unit => opportunities.PublishAsync(unit, id, expected), context.CancellationToken),
        };
    }
}
