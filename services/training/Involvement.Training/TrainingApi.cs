using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.MemberDirectory;
using Involvement.BuildingBlocks.Security;
using Involvement.Training.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Training;

/// <summary>The training gRPC API.</summary>
public sealed class TrainingApi(Db db) : TrainingService.TrainingServiceBase
{
    [Authorize(Roles = $"{Roles.Trainer},{Roles.PpiTeam}")]
    public override async Task<GetLearnerResponse> GetLearner(GetLearnerRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        v.ThrowIfInvalid();
        var member = await db.GetKnownMemberAsync(memberId, context.CancellationToken);
        return new GetLearnerResponse
        {
            Learner = new Learner { MemberId = member.MemberId.ToString(), DisplayName = member.DisplayName, MemberVersion = member.MemberVersion },
        };
    }
}
