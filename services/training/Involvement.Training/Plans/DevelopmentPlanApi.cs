using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Training.Members;
using Involvement.Training.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Training.Plans;

/// <summary>Personal development plans: a member works on their own; trainers and the PPI team on anyone's.</summary>
public sealed class DevelopmentPlanApi(Db db, DevelopmentPlanStore plans) : DevelopmentPlanService.DevelopmentPlanServiceBase
{
    [Authorize(Roles = MemberCaller.StaffOrMember)]
    public override async Task<AddGoalResponse> AddGoal(AddGoalRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var learnerId = v.Id("learner_id", request.LearnerId);
        var goal = ValidGoal.From(v, request.Title, request.Description, request.TargetOn, request.ReviewOn);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(learnerId, MemberCaller.StaffRoles);
        return await db.ExecuteOnceAsync(nameof(AddGoal), context.Caller(), key, request,
            async unit => new AddGoalResponse { Goal = await plans.AddAsync(unit, learnerId, goal, context.Caller()) }, context.CancellationToken);
    }

    [Authorize(Roles = MemberCaller.StaffOrMember)]
    public override async Task<UpdateGoalResponse> UpdateGoal(UpdateGoalRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var goalId = v.Id("goal_id", request.GoalId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var goal = ValidGoal.From(v, request.Title, request.Description, request.TargetOn, request.ReviewOn);
        var status = v.Enum("status", request.Status, required: true);
        v.ThrowIfInvalid();
        var ownOnly = MemberCaller.OwnOnly(context);
        return new UpdateGoalResponse
        {
            Goal = await db.InTransactionAsync(unit => plans.UpdateAsync(unit, goalId, expected, goal, status, context.Caller(), ownOnly), context.CancellationToken),
        };
    }

    [Authorize(Roles = MemberCaller.StaffOrMember)]
    public override async Task<AddProgressNoteResponse> AddProgressNote(AddProgressNoteRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var goalId = v.Id("goal_id", request.GoalId);
        var note = v.RequiredMultiLine("note", request.Note, ValidGoal.MaxTextLength);
        v.ThrowIfInvalid();
        var ownOnly = MemberCaller.OwnOnly(context);
        return await db.ExecuteOnceAsync(nameof(AddProgressNote), context.Caller(), key, request,
            async unit => new AddProgressNoteResponse { Goal = await plans.AddNoteAsync(unit, goalId, note, context.Caller(), ownOnly) },
            context.CancellationToken);
    }

    [Authorize(Roles = MemberCaller.StaffOrMember)]
    public override async Task<GetPlanResponse> GetPlan(GetPlanRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var learnerId = v.Id("learner_id", request.LearnerId);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(learnerId, MemberCaller.StaffRoles);
        return new GetPlanResponse { LearnerId = learnerId.ToString(), Goals = { await plans.PlanAsync(learnerId, context.CancellationToken) } };
    }

    [Authorize(Roles = MemberCaller.Staff)]
    public override async Task<ListOverdueReviewsResponse> ListOverdueReviews(ListOverdueReviewsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.Decode(request.PageToken, DevelopmentPlanStore.OverdueTokenList, v);
        v.ThrowIfInvalid();
        var page = await plans.ListOverdueAsync(pageSize, after, context.CancellationToken);
        return new ListOverdueReviewsResponse { Reviews = { page.Items }, NextPageToken = page.NextPageToken };
    }
}
