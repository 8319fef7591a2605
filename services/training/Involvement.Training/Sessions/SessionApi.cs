using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Training.Modules;
using Involvement.Training.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Training.Sessions;

/// <summary>Sessions: trainers and the PPI team schedule and change them; every role may read them.</summary>
public sealed class SessionApi(Db db, SessionStore sessions) : SessionService.SessionServiceBase
{
    private const string Managers = $"{Roles.Trainer},{Roles.PpiTeam}";
    private const string Everyone = $"{Roles.PpiTeam},{Roles.Trainer},{Roles.Member},{Roles.ProjectLead},{Roles.ReportingConsumer},{Roles.Finance}";

    [Authorize(Roles = Managers)]
    public override async Task<ScheduleSessionResponse> ScheduleSession(ScheduleSessionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var moduleCode = ValidModule.Code(v, "module_code", request.ModuleCode);
        var session = ValidSession.From(v, "details", request.Details);
        v.ThrowIfInvalid();
        return await db.ExecuteOnceAsync(nameof(ScheduleSession), context.Caller(), key, request, async unit => new ScheduleSessionResponse
        {
            Session = await sessions.ScheduleAsync(unit, moduleCode, session, context.Caller()),
        }, context.CancellationToken);
    }

    [Authorize(Roles = Managers)]
    public override async Task<UpdateSessionResponse> UpdateSession(UpdateSessionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("session_id", request.SessionId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var session = ValidSession.From(v, "details", request.Details);
        v.ThrowIfInvalid();
        return new UpdateSessionResponse
        {
            Session = await db.InTransactionAsync(unit => sessions.UpdateAsync(unit, id, expected, session, context.Caller()), context.CancellationToken),
        };
    }

    [Authorize(Roles = Managers)]
    public override async Task<CancelSessionResponse> CancelSession(CancelSessionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("session_id", request.SessionId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var reason = v.RequiredMultiLine("reason", request.Reason, 1000);
        v.ThrowIfInvalid();
        return new CancelSessionResponse
        {
            Session = await db.InTransactionAsync(unit => sessions.CancelAsync(unit, id, expected, reason, context.Caller()), context.CancellationToken),
        };
    }

    [Authorize(Roles = Everyone)]
    public override async Task<GetSessionResponse> GetSession(GetSessionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("session_id", request.SessionId);
        v.ThrowIfInvalid();
        return new GetSessionResponse { Session = await sessions.GetAsync(id, context.CancellationToken) };
    }

    [Authorize(Roles = Everyone)]
    public override async Task<ListSessionsResponse> ListSessions(ListSessionsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var moduleCode = string.IsNullOrWhiteSpace(request.ModuleCode) ? null : ValidModule.Code(v, "module_code", request.ModuleCode);
        DateOnly? from = request.From is null ? null : ProtoDates.Required(v, "from", request.From);
        DateOnly? to = request.To is null ? null : ProtoDates.Required(v, "to", request.To);
        v.Must(from is null || to is null || from <= to, "to", "must be on or after from.");
        var state = v.Enum("state", request.State, required: false);
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.Decode(request.PageToken, SessionStore.TokenList, v);
        v.ThrowIfInvalid();
        var filter = new SessionFilter(moduleCode, from, to, state == SessionState.Unspecified ? null : CodeNames.Of(state), request.NotCoFacilitated);
        var page = await sessions.ListAsync(filter, pageSize, after, context.CancellationToken);
        return new ListSessionsResponse { Sessions = { page.Items }, NextPageToken = page.NextPageToken };
    }
}
