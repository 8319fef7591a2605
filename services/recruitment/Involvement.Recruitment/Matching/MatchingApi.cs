using System.Diagnostics;
using Involvement.BuildingBlocks.Time;
using Grpc.Core;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.Matching;
using Involvement.Recruitment.Opportunities;
using Involvement.Recruitment.V1;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Involvement.Recruitment.Matching;

/// <summary>The matching gRPC API, for the PPI team: it names members and why they can or cannot take part.</summary>
public sealed class MatchingApi(
    OpportunityStore opportunities, MatchPool pool, PoolRepresentation representation, IOptions<RecruitmentOptions> options, RecruitmentMetrics metrics,
    TimeProvider clock)
    : MatchingService.MatchingServiceBase
{
    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<MatchMembersResponse> MatchMembers(MatchMembersRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var opportunityId = v.Id("opportunity_id", request.OpportunityId);
        var limit = v.CountOrDefault("limit", request.Limit, max: 500, defaultValue: 50);
        v.ThrowIfInvalid();
        var opportunity = await opportunities.GetAsync(opportunityId, context.CancellationToken);
        var members = await pool.CurrentAsync(context.CancellationToken);
        var underRepresented = await representation.UnderRepresentedAsync(context.CancellationToken);
        var started = Stopwatch.GetTimestamp();
        var ranked = Matcher.Match(MatchCriteria.For(opportunity), members, underRepresented, options.Value.Matching, clock.Today(), limit);
        metrics.MatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        metrics.MatchesRun.Add(1);
        return ranked;
    }
}
