using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Training.Members;
using Involvement.Training.V1;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Involvement.Training.Supervision;

/// <summary>Support and supervision: trainers and the PPI team record and read; a member reads the sessions they attended.</summary>
public sealed class SupervisionApi(Db db, SupervisionStore supervision, TimeProvider clock, IOptions<TrainingOptions> options, ILogger<SupervisionApi> logger)
    : SupervisionService.SupervisionServiceBase
{
    [Authorize(Roles = MemberCaller.Staff)]
    public override async Task<RecordSupportSessionResponse> RecordSupportSession(RecordSupportSessionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var session = ValidSupportSession.From(request, clock.Today(), v);
        v.ThrowIfInvalid();
        var response = await db.ExecuteOnceAsync(nameof(RecordSupportSession), context.Caller(), key, request,
            async unit => new RecordSupportSessionResponse { Session = await supervision.RecordAsync(unit, session, context.Caller()) },
            context.CancellationToken);
        SupervisionLog.Recorded(logger, response.Session.SupportSessionId, response.Session.Kind, response.Session.Attendees);
        return response;
    }

    [Authorize(Roles = MemberCaller.StaffOrMember)]
    public override async Task<ListSupportSessionsResponse> ListSupportSessions(ListSupportSessionsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        Guid? learnerId = string.IsNullOrEmpty(request.LearnerId) ? null : v.Id("learner_id", request.LearnerId);
        var kind = v.Enum("kind", request.Kind, required: false);
        var from = ProtoDates.Optional(v, "held_from", request.HeldFrom);
        var to = ProtoDates.Optional(v, "held_to", request.HeldTo);
        v.Must(from is null || to is null || from <= to, "held_to", "must not be before held_from.");
        var pageSize = v.PageSize("page_size", request.PageSize);
        var before = PageToken.Decode(request.PageToken, SupervisionStore.SessionTokenList, v);
        v.ThrowIfInvalid();
        if (learnerId is { } named)
        {
            context.EnsureMayActOnMember(named, MemberCaller.StaffRoles);
        }

        var page = await supervision.ListAsync(learnerId, kind, from, to, MemberCaller.OwnOnly(context), pageSize, before, context.CancellationToken);
        return new ListSupportSessionsResponse { Sessions = { page.Items }, NextPageToken = page.NextPageToken };
    }

    [Authorize(Roles = MemberCaller.Staff)]
    public override async Task<ListSupervisionOverdueResponse> ListSupervisionOverdue(ListSupervisionOverdueRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.Decode(request.PageToken, SupervisionStore.OverdueTokenList, v);
        v.ThrowIfInvalid();
        var today = clock.Today();
        // Few members reach the supervision level, so who is overdue is worked out in full and paged by member id
        // (compared as text, the order PostgreSQL gives uuids).
        var overdue = (await supervision.NeedingSupervisionAsync(context.CancellationToken))
            .Where(d => SupervisionRules.IsOverdue(ProtoDates.ToDateOnly(d.DueOn), today))
            .Where(d => after is null || string.CompareOrdinal(d.MemberId, after.Value.ToString()) > 0)
            .OrderBy(d => d.MemberId, StringComparer.Ordinal)
            .Take(pageSize + 1).ToList();
        var page = Page.Of(overdue, pageSize, SupervisionStore.OverdueTokenList, d => Guid.Parse(d.MemberId));
        return new ListSupervisionOverdueResponse { Overdue = { page.Items }, NextPageToken = page.NextPageToken };
    }

    [Authorize(Roles = MemberCaller.Staff)]
    public override async Task<GetSupervisionCoverageResponse> GetSupervisionCoverage(GetSupervisionCoverageRequest request, ServerCallContext context)
    {
        var today = clock.Today();
        var needing = await supervision.NeedingSupervisionAsync(context.CancellationToken);
        var overdue = needing.Count(d => SupervisionRules.IsOverdue(ProtoDates.ToDateOnly(d.DueOn), today));
        return new GetSupervisionCoverageResponse
        {
            AsOf = ProtoDates.ToProto(today), SupervisionLevel = options.Value.SupervisionLevel, IntervalMonths = options.Value.SupervisionIntervalMonths,
            Needing = needing.Count, Covered = needing.Count - overdue, Overdue = overdue, NeverSupervised = needing.Count(d => d.LastSupervisedOn is null),
            CoveredPercent = needing.Count == 0 ? 0 : Math.Round(100.0 * (needing.Count - overdue) / needing.Count, 1),
        };
    }
}
