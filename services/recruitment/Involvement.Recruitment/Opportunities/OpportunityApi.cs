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
public sealed class OpportunityApi(Db db, OpportunityStore opportunities, RecruitmentMetrics metrics, TimeProvider clock) : OpportunityService.OpportunityServiceBase
{
    private const int MaxOwnerLength = 200;

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<CreateOpportunityResponse> CreateOpportunity(CreateOpportunityRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var content = ValidContent.From(request.Content, v);
        var owner = v.Optional("owner", request.Owner, MaxOwnerLength);
        v.ThrowIfInvalid();
        if (context.ActingLead() is { } lead)
        {
            if (owner is not null && owner != lead)
            {
                throw new PermissionDeniedException("A project lead owns what they create; only the PPI team names another owner.");
            }

            owner = lead;
        }

        return await db.ExecuteOnceAsync(nameof(CreateOpportunity), context.Caller(), key, request,
            async unit => new CreateOpportunityResponse { Opportunity = await opportunities.CreateAsync(unit, content, owner) }, context.CancellationToken);
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead},{Roles.Member}")]
    public override async Task<GetOpportunityResponse> GetOpportunity(GetOpportunityRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("opportunity_id", request.OpportunityId);
        v.ThrowIfInvalid();
        var opportunity = await opportunities.GetAsync(id, context.CancellationToken);
        if (opportunity.Status == OpportunityStatus.Draft && !context.IsInAnyRole(Roles.PpiTeam, Roles.ProjectLead))
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
        var member = !context.IsInAnyRole(Roles.PpiTeam, Roles.ProjectLead);
        v.Must(!member || status is OpportunityStatus.Unspecified or OpportunityStatus.Published, "status",
            "members see published opportunities only; leave it unset or ask for OPPORTUNITY_STATUS_PUBLISHED.");
        v.Must(!member || !request.FlaggedOnly, "flagged_only", "is for the PPI team and project leads.");
        v.ThrowIfInvalid();
        if (member)
        {
            status = OpportunityStatus.Published;
        }

        var page = await opportunities.ListAsync(status == OpportunityStatus.Unspecified ? null : OpportunityStore.StatusCode(status),
            request.FlaggedOnly, context.ActingLead(), pageSize, before, context.CancellationToken);
        return new ListOpportunitiesResponse { Opportunities = { page.Items }, NextPageToken = page.NextPageToken };
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
            Opportunity = await db.InTransactionAsync(unit => opportunities.UpdateAsync(unit, id, expected, content, context.ActingLead()), context.CancellationToken),
        };
    }

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<PublishOpportunityResponse> PublishOpportunity(PublishOpportunityRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("opportunity_id", request.OpportunityId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        v.ThrowIfInvalid();
        var published = await db.InTransactionAsync(unit => opportunities.PublishAsync(unit, id, expected), context.CancellationToken);
        metrics.OpportunitiesPublished.Add(1);
        return new PublishOpportunityResponse { Opportunity = published };
    }

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<AssignOpportunityOwnerResponse> AssignOpportunityOwner(AssignOpportunityOwnerRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("opportunity_id", request.OpportunityId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var owner = v.Required("owner", request.Owner, MaxOwnerLength);
        v.ThrowIfInvalid();
        return new AssignOpportunityOwnerResponse
        {
            Opportunity = await db.InTransactionAsync(unit => opportunities.AssignOwnerAsync(unit, id, expected, owner), context.CancellationToken),
        };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<CloseOpportunityResponse> CloseOpportunity(CloseOpportunityRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("opportunity_id", request.OpportunityId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        v.ThrowIfInvalid();
        return new CloseOpportunityResponse
        {
            Opportunity = await db.InTransactionAsync(unit => opportunities.CloseAsync(unit, id, expected, context.ActingLead()), context.CancellationToken),
        };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<CancelOpportunityResponse> CancelOpportunity(CancelOpportunityRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("opportunity_id", request.OpportunityId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var reason = v.RequiredMultiLine("reason", request.Reason, 1000);
        v.ThrowIfInvalid();
        return new CancelOpportunityResponse
        {
            Opportunity = await db.InTransactionAsync(
                unit => opportunities.CancelAsync(unit, id, expected, reason, context.ActingLead()), context.CancellationToken),
        };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<RecordPapersSentResponse> RecordPapersSent(RecordPapersSentRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("opportunity_id", request.OpportunityId);
        var sessionId = v.Id("session_id", request.SessionId);
        var now = clock.GetUtcNow();
        var sentAt = request.SentAt is null ? now : v.Instant("sent_at", request.SentAt);
        v.Must(sentAt <= now, "sent_at", "cannot be in the future.");
        v.ThrowIfInvalid();
        return new RecordPapersSentResponse
        {
            Opportunity = await db.InTransactionAsync(
                unit => opportunities.RecordPapersSentAsync(unit, id, sessionId, sentAt, context.ActingLead()), context.CancellationToken),
        };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<ListLatePapersResponse> ListLatePapers(ListLatePapersRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.Decode(request.PageToken, OpportunityStore.LatePapersTokenList, v);
        v.ThrowIfInvalid();
        var page = await opportunities.ListLatePapersAsync(context.ActingLead(), pageSize, after, context.CancellationToken);
        return new ListLatePapersResponse { Sessions = { page.Items }, NextPageToken = page.NextPageToken };
    }
}
