using Involvement.BuildingBlocks.Time;
using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.Community;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Recruitment.Community;

/// <summary>The community-group map: the PPI team keeps it; project leads may read it to plan their outreach.</summary>
public sealed class CommunityGroupApi(Db db, CommunityGroupStore groups, TimeProvider clock) : CommunityGroupService.CommunityGroupServiceBase
{
    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<AddCommunityGroupResponse> AddCommunityGroup(AddCommunityGroupRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var content = Valid(request.Content, v);
        v.ThrowIfInvalid();
        return await db.ExecuteOnceAsync(nameof(AddCommunityGroup), context.Caller(), key, request,
            async unit => new AddCommunityGroupResponse { Group = await groups.AddAsync(unit, content) }, context.CancellationToken);
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<GetCommunityGroupResponse> GetCommunityGroup(GetCommunityGroupRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("group_id", request.GroupId);
        v.ThrowIfInvalid();
        return new GetCommunityGroupResponse { Group = await groups.GetAsync(id, context.CancellationToken) };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<ListCommunityGroupsResponse> ListCommunityGroups(ListCommunityGroupsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var locality = v.Optional("locality", request.Locality, 100);
        var served = v.Optional("community_served", request.CommunityServed, 100);
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.Decode(request.PageToken, CommunityGroupStore.GroupTokenList, v);
        v.ThrowIfInvalid();
        var page = await groups.ListAsync(locality, served, pageSize, after, context.CancellationToken);
        return new ListCommunityGroupsResponse { Groups = { page.Items }, NextPageToken = page.NextPageToken };
    }

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<UpdateCommunityGroupResponse> UpdateCommunityGroup(UpdateCommunityGroupRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("group_id", request.GroupId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var content = Valid(request.Content, v);
        v.ThrowIfInvalid();
        return new UpdateCommunityGroupResponse
        {
            Group = await db.InTransactionAsync(unit => groups.UpdateAsync(unit, id, expected, content), context.CancellationToken),
        };
    }

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<LogEngagementResponse> LogEngagement(LogEngagementRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var id = v.Id("group_id", request.GroupId);
        var occurredOn = ProtoDates.Required(v, "occurred_on", request.OccurredOn);
        v.Must(occurredOn <= clock.Today(), "occurred_on", "cannot be in the future.");
        var kind = v.Enum("kind", request.Kind, required: true);
        var summary = v.RequiredMultiLine("summary", request.Summary, 2000);
        var followUp = v.OptionalMultiLine("follow_up", request.FollowUp, 1000);
        v.ThrowIfInvalid();
        return await db.ExecuteOnceAsync(nameof(LogEngagement), context.Caller(), key, request, async unit => new LogEngagementResponse
        {
            Engagement = await groups.LogEngagementAsync(unit, id, occurredOn, kind, summary, followUp, context.Caller()),
        }, context.CancellationToken);
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<ListEngagementsResponse> ListEngagements(ListEngagementsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("group_id", request.GroupId);
        var pageSize = v.PageSize("page_size", request.PageSize);
        var before = PageToken.Decode(request.PageToken, CommunityGroupStore.EngagementTokenList, v);
        v.ThrowIfInvalid();
        var page = await groups.ListEngagementsAsync(id, pageSize, before, context.CancellationToken);
        return new ListEngagementsResponse { Engagements = { page.Items }, NextPageToken = page.NextPageToken };
    }

    /// <summary>The content trimmed and checked, each problem reported against its field.</summary>
    private static CommunityGroupContent Valid(CommunityGroupContent? content, RequestValidator v)
    {
        if (content is null)
        {
            v.Add("content", "is required.");
            return new CommunityGroupContent();
        }

        var valid = new CommunityGroupContent
        {
            Name = v.Required("content.name", content.Name, 200),
            Description = v.OptionalMultiLine("content.description", content.Description, 2000) ?? "",
            Locality = v.Optional("content.locality", content.Locality, 100) ?? "",
            Website = v.Optional("content.website", content.Website, 300) ?? "",
        };
        valid.CommunitiesServed.AddRange(v.TextList("content.communities_served", content.CommunitiesServed, 20, 100));
        v.Must(content.Contacts.Count <= 10, "content.contacts", "must list at most 10 contacts.");
        for (var i = 0; i < content.Contacts.Count; i++)
        {
            var c = content.Contacts[i];
            valid.Contacts.Add(new GroupContact
            {
                Name = v.Required($"content.contacts[{i}].name", c.Name, 100),
                Role = v.Optional($"content.contacts[{i}].role", c.Role, 100) ?? "",
                Email = v.OptionalEmail($"content.contacts[{i}].email", c.Email) ?? "",
                Phone = v.Optional($"content.contacts[{i}].phone", c.Phone, 30) ?? "",
            });
        }

        return valid;
    }
}
