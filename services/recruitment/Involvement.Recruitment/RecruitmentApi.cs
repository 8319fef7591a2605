using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Recruitment;

/// <summary>The recruitment gRPC API.</summary>
public sealed class RecruitmentApi(Db db, MemberStore members) : RecruitmentService.RecruitmentServiceBase
{
    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<RegisterMemberResponse> RegisterMember(RegisterMemberRequest request, ServerCallContext context)
    {
        var member = NewMember.From(request);
        return await db.ExecuteOnceAsync(nameof(RegisterMember), request.IdempotencyKey.Trim(), request,
            async unit => new RegisterMemberResponse { Member = await members.RegisterAsync(unit, member) },
            context.CancellationToken);
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<GetMemberResponse> GetMember(GetMemberRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.PpiTeam);
        return new GetMemberResponse { Member = await members.GetAsync(memberId, context.CancellationToken) };
    }
}
