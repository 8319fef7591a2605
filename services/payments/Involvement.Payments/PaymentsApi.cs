using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.MemberDirectory;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Payments;

/// <summary>The payments gRPC API.</summary>
public sealed class PaymentsApi(Db db) : PaymentsService.PaymentsServiceBase
{
    [Authorize(Roles = $"{Roles.Finance},{Roles.PpiTeam}")]
    public override async Task<GetPayeeResponse> GetPayee(GetPayeeRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        v.ThrowIfInvalid();
        var member = await db.GetKnownMemberAsync(memberId, context.CancellationToken);
        return new GetPayeeResponse
        {
            Payee = new Payee { MemberId = member.MemberId.ToString(), DisplayName = member.DisplayName, MemberVersion = member.MemberVersion },
        };
    }
}
