using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Training.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Training.Learners;

/// <summary>Learners: the PPI team registers staff; trainers and the PPI team read everyone; a member reads themselves.</summary>
public sealed class LearnerApi(Db db, LearnerStore learners) : LearnerService.LearnerServiceBase
{
    private const int MaxReferenceLength = 50;
    private const int MaxNameLength = 200;

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<RegisterStaffLearnerResponse> RegisterStaffLearner(RegisterStaffLearnerRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var reference = v.Required("staff_reference", request.StaffReference, MaxReferenceLength);
        var name = v.Required("name", request.Name, MaxNameLength);
        v.ThrowIfInvalid();
        return await db.ExecuteOnceAsync(nameof(RegisterStaffLearner), context.Caller(), key, request, async unit => new RegisterStaffLearnerResponse
        {
            Learner = await learners.RegisterStaffAsync(unit, reference, name, context.Caller()),
        }, context.CancellationToken);
    }

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<UpdateStaffLearnerResponse> UpdateStaffLearner(UpdateStaffLearnerRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("learner_id", request.LearnerId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var reference = v.Required("staff_reference", request.StaffReference, MaxReferenceLength);
        var name = v.Required("name", request.Name, MaxNameLength);
        v.ThrowIfInvalid();
        return new UpdateStaffLearnerResponse
        {
            Learner = await db.InTransactionAsync(unit => learners.UpdateStaffAsync(unit, id, expected, reference, name, context.Caller()), context.CancellationToken),
        };
    }

    [Authorize(Roles = $"{Roles.Trainer},{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<GetLearnerResponse> GetLearner(GetLearnerRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("learner_id", request.LearnerId);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(id, Roles.Trainer, Roles.PpiTeam);   // before reading, so nothing tells whether it exists
        return new GetLearnerResponse { Learner = await learners.GetAsync(id, context.CancellationToken) };
    }

    [Authorize(Roles = $"{Roles.Trainer},{Roles.PpiTeam}")]
    public override async Task<ListLearnersResponse> ListLearners(ListLearnersRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var kind = v.Enum("kind", request.Kind, required: false);
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.Decode(request.PageToken, LearnerStore.TokenList, v);
        v.ThrowIfInvalid();
        var page = await learners.ListAsync(kind == LearnerKind.Unspecified ? null : CodeNames.Of(kind), pageSize, after, context.CancellationToken);
        return new ListLearnersResponse { Learners = { page.Items }, NextPageToken = page.NextPageToken };
    }
}
