using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.Payees;
using Involvement.Payments.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Payments.DataProtection;

/// <summary>Subject access: everything payments holds on a member, for the member themselves or staff acting on their request.</summary>
public sealed class PayeeDataApi(PayeeStore payees, PayeeDataStore data, TimeProvider clock) : PayeeDataService.PayeeDataServiceBase
{
    [Authorize(Roles = $"{Roles.Finance},{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<ExportPayeeDataResponse> ExportPayeeData(ExportPayeeDataRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.Finance, Roles.PpiTeam);
        var ct = context.CancellationToken;
        return new ExportPayeeDataResponse
        {
            Payee = await payees.GetAsync(memberId, ct),
            FeeLines = { await data.FeeLinesAsync(memberId, ct) },
            Claims = { await data.ClaimsAsync(memberId, ct) },
            RunPayments = { await data.RunPaymentsAsync(memberId, ct) },
            ExportedAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
        };
    }
}
