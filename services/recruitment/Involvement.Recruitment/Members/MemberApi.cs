using Involvement.BuildingBlocks.Time;
using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.Participation;
using Involvement.Recruitment.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Recruitment.Members;

/// <summary>The members gRPC API: validation and roles here, rules and storage in <see cref="MemberStore"/>.</summary>
public sealed class MemberApi(Db db, MemberStore members, ParticipantStore participants, RecruitmentMetrics metrics, TimeProvider clock) : MemberService.MemberServiceBase
{
    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<RegisterMemberResponse> RegisterMember(RegisterMemberRequest request, ServerCallContext context)
    {
        var member = NewMember.From(request, clock.Today());
        return await db.ExecuteOnceAsync(nameof(RegisterMember), context.Caller(), request.IdempotencyKey.Trim(), request,
            async unit =>
            {
                var registered = await members.RegisterAsync(unit, member, context.Caller());
                metrics.MembersRegistered.Add(1);
                return new RegisterMemberResponse { Member = registered };
            },
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

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<ListMembersResponse> ListMembers(ListMembersRequest request, ServerCallContext context)
    {
        var page = await members.ListAsync(MemberFilter.From(request), context.CancellationToken);
        return new ListMembersResponse { Members = { page.Items }, NextPageToken = page.NextPageToken };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<UpdateMemberDetailsResponse> UpdateMemberDetails(UpdateMemberDetailsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var preferredName = v.Optional("preferred_name", request.PreferredName, NewMember.MaxNameLength);
        var details = Details.From(request.Details, v, "details", clock.Today());
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.PpiTeam);
        return new UpdateMemberDetailsResponse
        {
            Member = await db.InTransactionAsync(unit => members.UpdateDetailsAsync(unit, memberId, expected, preferredName, details), context.CancellationToken),
        };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<ChangeMemberStatusResponse> ChangeMemberStatus(ChangeMemberStatusRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var status = v.Enum("status", request.Status, required: true);
        var reason = v.OptionalMultiLine("reason", request.Reason, 500);
        v.Must(reason is not null || !StatusRules.NeedsReason(status), "reason", "is required when a member pauses or leaves.");
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.PpiTeam);
        var actingOnOwnRecord = !context.IsInAnyRole(Roles.PpiTeam);
        return new ChangeMemberStatusResponse
        {
            Member = await db.InTransactionAsync(async unit =>
            {
                if (status == MemberStatus.Left)
                {
                    // Places are given up before the member's row is locked: decisions lock opportunities first too.
                    await participants.ReleaseAsync(unit, memberId, "The member left the involvement pool.");
                }

                return await members.ChangeStatusAsync(unit, memberId, expected, status, reason, context.Caller(), actingOnOwnRecord);
            }, context.CancellationToken),
        };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<AgreeCodeOfConductResponse> AgreeCodeOfConduct(AgreeCodeOfConductRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var codeVersion = v.Required("code_version", request.CodeVersion, 20);
        var agreedOn = request.AgreedOn is null ? clock.Today() : ProtoDates.Required(v, "agreed_on", request.AgreedOn);
        v.Must(agreedOn <= clock.Today(), "agreed_on", "cannot be in the future.");
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.PpiTeam);
        return new AgreeCodeOfConductResponse
        {
            Member = await db.InTransactionAsync(unit => members.AgreeCodeOfConductAsync(unit, memberId, expected, codeVersion, agreedOn), context.CancellationToken),
        };
    }

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<ChangeInvolvementLevelResponse> ChangeInvolvementLevel(ChangeInvolvementLevelRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var level = v.Enum("level", request.Level, required: true);
        var reason = v.RequiredMultiLine("reason", request.Reason, 500);
        v.ThrowIfInvalid();
        return new ChangeInvolvementLevelResponse
        {
            Member = await db.InTransactionAsync(
                unit => members.ChangeLevelAsync(unit, memberId, expected, level, reason, context.Caller()), context.CancellationToken),
        };
    }
}
