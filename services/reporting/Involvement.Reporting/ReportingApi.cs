using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Security;
using Involvement.Reporting.Membership;
using Involvement.Reporting.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Reporting;

/// <summary>The reporting gRPC API.</summary>
public sealed class ReportingApi(Db db) : ReportingService.ReportingServiceBase
{
    [Authorize(Roles = $"{Roles.ReportingConsumer},{Roles.PpiTeam}")]
    public override async Task<GetMembershipSummaryResponse> GetMembershipSummary(GetMembershipSummaryRequest request, ServerCallContext context)
    {
        var counts = await new MembershipSummary(db).GetAsync(context.CancellationToken);
        return new GetMembershipSummaryResponse { TotalMembers = counts.TotalMembers, ByType = { counts.ByType }, ByLevel = { counts.ByLevel } };
    }
}
