using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Training.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Training.DataProtection;

/// <summary>Subject access: everything training holds on a member, for the member themselves or the PPI team acting on their request.</summary>
public sealed class DataProtectionApi(Db db, LearnerData data, TimeProvider clock) : DataProtectionService.DataProtectionServiceBase
{
    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<ExportLearnerDataResponse> ExportLearnerData(ExportLearnerDataRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.PpiTeam);
        var export = await db.InTransactionAsync(unit => data.ExportAsync(unit, memberId), context.CancellationToken);
        export.ExportedAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
        return export;
    }
}
