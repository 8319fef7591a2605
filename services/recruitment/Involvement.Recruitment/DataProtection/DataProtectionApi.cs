using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.DataProtection;
using Involvement.Recruitment.Equality;
using Involvement.Recruitment.Impact;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.Participation;
using Involvement.Recruitment.Schemes;
using Involvement.Recruitment.Training;
using Involvement.Recruitment.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Recruitment.DataProtection;

/// <summary>Subject access and erasure, for the member themselves or the PPI team acting on their request.</summary>
public sealed class DataProtectionApi(
    Db db, MemberStore members, EqualityStore equality, SchemeStore schemes, ParticipantStore participants, CompletionStore completions,
    ErasureStore erasure, ImpactStore impact, RecruitmentMetrics metrics, TimeProvider clock) : DataProtectionService.DataProtectionServiceBase
{
    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<ExportMemberDataResponse> ExportMemberData(ExportMemberDataRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.PpiTeam);
        var export = new ExportMemberDataResponse
        {
            Member = await members.GetAsync(memberId, context.CancellationToken),
            EqualityMonitoring = await db.InTransactionAsync(
                unit => equality.FindAsync(unit, memberId, "subject access request", context.Caller()), context.CancellationToken),
            ExportedAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
        };
        export.EqualityAccessLog.AddRange(await equality.ListAccessAsync(memberId, limit: null, context.CancellationToken));
        export.Questionnaires.AddRange(await impact.ListForMemberAsync(memberId, context.CancellationToken));
        export.Schemes.AddRange(await schemes.ListForMemberAsync(memberId, context.CancellationToken));
        Page<Participant> page;
        Guid? after = null;
        do
        {
            page = await participants.ListAsync(null, memberId, ParticipantState.Unspecified, null, context.IsInAnyRole(Roles.PpiTeam), 200, after,
                context.CancellationToken);
            export.Participation.AddRange(page.Items);
            after = page.Items.Count > 0 ? Guid.Parse(page.Items[^1].OpportunityId) : null;
        }
        while (page.NextPageToken != "");
        export.TrainingCompletions.AddRange(await completions.ListAsync(memberId, context.CancellationToken));
        return export;
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<EraseMemberResponse> EraseMember(EraseMemberRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var basis = v.Enum("basis", request.Basis, required: true);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.PpiTeam);
        await db.InTransactionAsync(async unit =>
        {
            await participants.ReleaseAsync(unit, memberId, "The member's personal data was erased.");
            await erasure.EraseAsync(unit, memberId, expected, basis, context.Caller());
            return 0;
        }, context.CancellationToken);
        metrics.MembersErased.Add(1);
        return new EraseMemberResponse { Member = await members.GetAsync(memberId, context.CancellationToken) };
    }
}
