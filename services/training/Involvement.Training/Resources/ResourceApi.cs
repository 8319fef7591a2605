using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Training.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Training.Resources;

/// <summary>Resources given: trainers and the PPI team record and list them; a member lists their own.</summary>
public sealed class ResourceApi(Db db, ResourceStore resources, TimeProvider clock) : ResourceService.ResourceServiceBase
{
    private const string Staff = $"{Roles.Trainer},{Roles.PpiTeam}";

    [Authorize(Roles = Staff)]
    public override async Task<RecordResourceGivenResponse> RecordResourceGiven(RecordResourceGivenRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var learnerId = v.Id("learner_id", request.LearnerId);
        var resource = v.Enum("resource", request.Resource, required: true);
        var givenOn = ProtoDates.Required(v, "given_on", request.GivenOn);
        v.Must(givenOn <= clock.Today(), "given_on", "cannot be in the future.");
        v.ThrowIfInvalid();
        return await db.ExecuteOnceAsync(nameof(RecordResourceGiven), context.Caller(), key, request, async unit => new RecordResourceGivenResponse
        {
            ResourceGiven = await resources.RecordAsync(unit, learnerId, resource, givenOn, context.Caller()),
        }, context.CancellationToken);
    }

    [Authorize(Roles = $"{Staff},{Roles.Member}")]
    public override async Task<ListResourcesGivenResponse> ListResourcesGiven(ListResourcesGivenRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        Guid? learnerId = string.IsNullOrWhiteSpace(request.LearnerId) ? null : v.Id("learner_id", request.LearnerId);
        var resource = v.Enum("resource", request.Resource, required: false);
        var pageSize = v.PageSize("page_size", request.PageSize);
        var before = PageToken.Decode(request.PageToken, ResourceStore.TokenList, v);
        v.ThrowIfInvalid();
        if (!context.IsInAnyRole(Roles.Trainer, Roles.PpiTeam))
        {
            // A member lists their own, named or not.
            learnerId ??= context.MemberId() ?? throw new PermissionDeniedException("A member may only list their own resources.");
            context.EnsureMayActOnMember(learnerId.Value, Roles.Trainer, Roles.PpiTeam);
        }

        var page = await resources.ListAsync(learnerId, resource == ResourceKind.Unspecified ? null : CodeNames.Of(resource), pageSize, before, context.CancellationToken);
        return new ListResourcesGivenResponse { ResourcesGiven = { page.Items }, NextPageToken = page.NextPageToken };
    }
}
