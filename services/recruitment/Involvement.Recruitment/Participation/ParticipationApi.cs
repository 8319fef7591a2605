using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.Opportunities;
using Involvement.Recruitment.Participation;
using Involvement.Recruitment.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Recruitment.Participation;

/// <summary>The participation gRPC API: the PPI team invites and decides; members express interest and withdraw for themselves.</summary>
public sealed class ParticipationApi(Db db, ParticipantStore participants, OpportunityStore opportunities, RecruitmentMetrics metrics) : ParticipationService.ParticipationServiceBase
{
    private const int MaxReasonLength = 1000;

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<InviteMembersResponse> InviteMembers(InviteMembersRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var opportunityId = v.Id("opportunity_id", request.OpportunityId);
        v.Must(request.Invitees.Count is >= 1 and <= 500, "invitees", "must list between 1 and 500 members.");
        for (var i = 0; i < request.Invitees.Count; i++)
        {
            v.Id($"invitees[{i}].member_id", request.Invitees[i].MemberId);
        }

        v.ThrowIfInvalid();
        return await db.ExecuteOnceAsync(nameof(InviteMembers), context.Caller(), key, request, async unit =>
        {
            var response = new InviteMembersResponse();
            response.Participants.AddRange(await participants.InviteAsync(unit, opportunityId, request.Invitees));
            return response;
        }, context.CancellationToken);
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<ExpressInterestResponse> ExpressInterest(ExpressInterestRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var opportunityId = v.Id("opportunity_id", request.OpportunityId);
        var memberId = v.Id("member_id", request.MemberId);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.PpiTeam);
        return await db.ExecuteOnceAsync(nameof(ExpressInterest), context.Caller(), key, request,
            async unit => new ExpressInterestResponse { Participant = await participants.ExpressInterestAsync(unit, opportunityId, memberId) },
            context.CancellationToken);
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<DecideParticipantResponse> DecideParticipant(DecideParticipantRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var opportunityId = v.Id("opportunity_id", request.OpportunityId);
        var memberId = v.Id("member_id", request.MemberId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var decision = v.Enum("decision", request.Decision, required: true);
        var reason = v.RequiredMultiLine("reason", request.Reason, MaxReasonLength);
        v.ThrowIfInvalid();
        return new DecideParticipantResponse
        {
            Participant = await db.InTransactionAsync(unit => participants.DecideAsync(unit, opportunityId, memberId, expected, decision, reason, context.ActingLead()), context.CancellationToken),
        };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<WithdrawParticipantResponse> WithdrawParticipant(WithdrawParticipantRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var opportunityId = v.Id("opportunity_id", request.OpportunityId);
        var memberId = v.Id("member_id", request.MemberId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var reason = v.RequiredMultiLine("reason", request.Reason, MaxReasonLength);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.PpiTeam);
        var withdrawal = await db.InTransactionAsync(unit => participants.WithdrawAsync(unit, opportunityId, memberId, expected, reason), context.CancellationToken);
        return new WithdrawParticipantResponse { Participant = withdrawal.Participant, PromotedReserve = withdrawal.PromotedReserve };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<RecordAttendanceResponse> RecordAttendance(RecordAttendanceRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var opportunityId = v.Id("opportunity_id", request.OpportunityId);
        var sessionId = v.Id("session_id", request.SessionId);
        var memberId = v.Id("member_id", request.MemberId);
        var hours = ParticipationRules.Hours(v, request.Attended, request.Hours);
        v.ThrowIfInvalid();
        return await db.ExecuteOnceAsync(nameof(RecordAttendance), context.Caller(), key, request, async unit =>
        {
            var participant = await participants.RecordAttendanceAsync(
                unit, opportunityId, sessionId, memberId, request.Attended, hours, context.Caller(), context.ActingLead());
            metrics.AttendanceRecorded.Add(1);
            return new RecordAttendanceResponse { Participant = participant };
        }, context.CancellationToken);
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead},{Roles.Member}")]
    public override async Task<ListParticipantsResponse> ListParticipants(ListParticipantsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var byOpportunity = !string.IsNullOrWhiteSpace(request.OpportunityId);
        var byMember = !string.IsNullOrWhiteSpace(request.MemberId);
        v.Must(byOpportunity != byMember, "opportunity_id",
            byOpportunity ? "give opportunity_id or member_id, not both." : "is required unless member_id is given.");
        Guid? opportunityId = byOpportunity ? v.Id("opportunity_id", request.OpportunityId) : null;
        Guid? memberId = byMember ? v.Id("member_id", request.MemberId) : null;
        var state = v.Enum("state", request.State, required: false);
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.Decode(request.PageToken, ParticipantStore.TokenList, v);
        v.ThrowIfInvalid();
        if (memberId is { } member)
        {
            context.EnsureMayActOnMember(member, Roles.PpiTeam, Roles.ProjectLead);
        }
        else if (!context.IsInAnyRole(Roles.PpiTeam, Roles.ProjectLead))
        {
            throw new PermissionDeniedException("Members may list only their own participation (give member_id).");
        }

        if (context.ActingLead() is { } lead && opportunityId is { } opportunity)
        {
            OwnerRule.Ensure((await opportunities.GetAsync(opportunity, context.CancellationToken)).Owner, lead);
        }

        var page = await participants.ListAsync(opportunityId, memberId, state, context.ActingLead(), context.IsInAnyRole(Roles.PpiTeam),
            pageSize, after, context.CancellationToken);
        return new ListParticipantsResponse { Participants = { page.Items }, NextPageToken = page.NextPageToken };
    }

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<CorrectAttendanceResponse> CorrectAttendance(CorrectAttendanceRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var opportunityId = v.Id("opportunity_id", request.OpportunityId);
        var sessionId = v.Id("session_id", request.SessionId);
        var memberId = v.Id("member_id", request.MemberId);
        var hours = ParticipationRules.Hours(v, request.Attended, request.Hours);
        var reason = v.RequiredMultiLine("reason", request.Reason, MaxReasonLength);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        v.ThrowIfInvalid();
        return new CorrectAttendanceResponse
        {
            Participant = await db.InTransactionAsync(
                unit => participants.CorrectAttendanceAsync(unit, opportunityId, sessionId, memberId, expected, request.Attended, hours, reason, context.Caller()),
                context.CancellationToken),
        };
    }
}
