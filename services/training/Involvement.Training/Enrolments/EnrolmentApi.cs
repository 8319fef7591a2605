using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Training.Learners;
using Involvement.Training.Members;
using Involvement.Training.V1;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Logging;

namespace Involvement.Training.Enrolments;

/// <summary>Places on sessions: a member enrols and cancels for themselves, trainers and the PPI team for anyone.</summary>
public sealed class EnrolmentApi(Db db, EnrolmentStore enrolments, ILogger<EnrolmentApi> logger) : EnrolmentService.EnrolmentServiceBase
{
    [Authorize(Roles = $"{Roles.Trainer},{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<EnrolResponse> Enrol(EnrolRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var sessionId = v.Id("session_id", request.SessionId);
        var learnerId = v.Id("learner_id", request.LearnerId);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(learnerId, MemberCaller.StaffRoles);
        Enrolled? enrolled = null;
        var response = await db.ExecuteOnceAsync(nameof(Enrol), context.Caller(), key, request, async unit =>
        {
            var learner = await LearnerDirectory.ResolveForChangeAsync(unit, learnerId);
            enrolled = await enrolments.EnrolAsync(unit, sessionId, learner, context.Caller(), afterStart: context.IsInAnyRole(MemberCaller.StaffRoles));
            return new EnrolResponse { Enrolment = enrolled.Enrolment };
        }, context.CancellationToken);
        if (enrolled is not null)
        {
            EnrolmentLog.Enrolled(logger, enrolled.EnrolmentId, learnerId, sessionId, enrolled.State);
            foreach (var promoted in enrolled.Promoted)
            {
                EnrolmentLog.Promoted(logger, promoted, sessionId);
            }
        }

        return response;
    }

    [Authorize(Roles = $"{Roles.Trainer},{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<CancelEnrolmentResponse> CancelEnrolment(CancelEnrolmentRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var enrolmentId = v.Id("enrolment_id", request.EnrolmentId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        v.ThrowIfInvalid();
        var cancelled = await db.InTransactionAsync(async unit =>
        {
            EnsureMayActOn(context, await enrolments.LearnerOfAsync(unit, enrolmentId), enrolmentId);
            return await enrolments.CancelAsync(unit, enrolmentId, expected, context.Caller());
        }, context.CancellationToken);
        EnrolmentLog.Cancelled(logger, enrolmentId, cancelled.SessionId);
        if (cancelled.PromotedId is { } promoted)
        {
            EnrolmentLog.Promoted(logger, promoted, cancelled.SessionId);
        }

        // Who moved up is another learner's business: a member cancelling their own place is not told.
        return new CancelEnrolmentResponse { Enrolment = cancelled.Enrolment, Promoted = context.IsInAnyRole(MemberCaller.StaffRoles) ? cancelled.Promoted : null };
    }

    [Authorize(Roles = $"{Roles.Trainer},{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<ListEnrolmentsResponse> ListEnrolments(ListEnrolmentsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        Guid? sessionId = string.IsNullOrWhiteSpace(request.SessionId) ? null : v.Id("session_id", request.SessionId);
        Guid? learnerId = string.IsNullOrWhiteSpace(request.LearnerId) ? null : v.Id("learner_id", request.LearnerId);
        var state = v.Enum("state", request.State, required: false);
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.Decode(request.PageToken, EnrolmentStore.TokenList, v);
        var staff = context.IsInAnyRole(MemberCaller.StaffRoles);
        v.Must(!staff || sessionId is not null || learnerId is not null, "session_id", "or learner_id is required.");
        v.ThrowIfInvalid();
        if (!staff)
        {
            // A member lists their own enrolments, named or not (in one session, or all of them).
            learnerId ??= context.MemberId() ?? throw new PermissionDeniedException("A member may only list their own enrolments.");
            context.EnsureMayActOnMember(learnerId.Value, MemberCaller.StaffRoles);
        }

        var page = await enrolments.ListAsync(sessionId, learnerId, state == EnrolmentState.Unspecified ? null : CodeNames.Of(state), pageSize, after,
            context.CancellationToken);
        return new ListEnrolmentsResponse { Enrolments = { page.Items }, NextPageToken = page.NextPageToken };
    }

    /// <summary>
    /// A member may act on their own enrolments only; to a member, someone else's and one that does not exist look the
    /// same, so neither is revealed. Trainers and the PPI team are told when there is none.
    /// </summary>
    private static void EnsureMayActOn(ServerCallContext context, Guid? learnerId, Guid enrolmentId)
    {
        if (context.IsInAnyRole(MemberCaller.StaffRoles))
        {
            _ = learnerId ?? throw new NotFoundException($"No enrolment {enrolmentId}.");
            return;
        }

        context.EnsureMayActOnMember(learnerId ?? Guid.Empty, MemberCaller.StaffRoles);
    }
}
