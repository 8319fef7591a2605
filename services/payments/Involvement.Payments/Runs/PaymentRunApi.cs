using Google.Protobuf;
using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Payments.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Payments.Runs;

/// <summary>Payment runs: finance opens, exports, confirms and returns; nobody else sees them.</summary>
public sealed partial class PaymentRunApi(Db db, PaymentRunStore runs, PaymentRunExport export, TimeProvider clock, ILogger<PaymentRunApi> logger)
    : PaymentRunService.PaymentRunServiceBase
{
    /// <summary>Clock skew allowed on a cut-off sent as "now".</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    [Authorize(Roles = Roles.Finance)]
    public override async Task<OpenPaymentRunResponse> OpenPaymentRun(OpenPaymentRunRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var method = v.Enum("method", request.Method, required: true);
        var now = clock.GetUtcNow();
        var cutOff = request.CutOff is null ? now : v.Instant("cut_off", request.CutOff);
        v.Must(cutOff <= now + Skew, "cut_off", "cannot be in the future: a run gathers claims approved by then.");
        v.ThrowIfInvalid();
        return await db.ExecuteOnceAsync(nameof(OpenPaymentRun), context.Caller(), key, request, async unit =>
        {
            var (run, leftOut) = await runs.OpenAsync(unit, PaymentRunCodes.Of(method), cutOff, context.Caller());
            RunOpened(run.PaymentRunId, run.Method, run.ClaimCount, run.TotalPence, leftOut.Count);
            return new OpenPaymentRunResponse { Run = run.ToMessage(), LeftOut = { leftOut.Select(c => c.ToMessage()) } };
        }, context.CancellationToken);
    }

    [Authorize(Roles = Roles.Finance)]
    public override async Task<GetPaymentRunResponse> GetPaymentRun(GetPaymentRunRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var runId = v.Id("payment_run_id", request.PaymentRunId);
        v.ThrowIfInvalid();
        var run = (await runs.GetAsync(runId, context.CancellationToken)).ToMessage();
        run.Exports.AddRange((await runs.ExportsAsync(runId, context.CancellationToken)).Select(e => e.ToMessage()));
        return new GetPaymentRunResponse { Run = run };
    }

    [Authorize(Roles = Roles.Finance)]
    public override async Task<ListPaymentRunsResponse> ListPaymentRuns(ListPaymentRunsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var state = v.Enum("state", request.State, required: false);
        var pageSize = v.PageSize("page_size", request.PageSize);
        var before = PageToken.Decode(request.PageToken, PaymentRunStore.RunTokenList, v);
        v.ThrowIfInvalid();
        var stateCode = state == PaymentRunState.Unspecified ? null : PaymentRunCodes.Of(state);
        var page = await runs.ListAsync(stateCode, pageSize, before, context.CancellationToken);
        return new ListPaymentRunsResponse { Runs = { page.Items.Select(r => r.ToMessage()) }, NextPageToken = page.NextPageToken };
    }

    [Authorize(Roles = Roles.Finance)]
    public override async Task<ListPaymentRunClaimsResponse> ListPaymentRunClaims(ListPaymentRunClaimsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var runId = v.Id("payment_run_id", request.PaymentRunId);
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.Decode(request.PageToken, PaymentRunStore.ClaimTokenList, v);
        v.ThrowIfInvalid();
        var page = await runs.ListClaimsAsync(runId, pageSize, after, context.CancellationToken);
        return new ListPaymentRunClaimsResponse { Claims = { page.Items.Select(c => c.ToMessage()) }, NextPageToken = page.NextPageToken };
    }

    [Authorize(Roles = Roles.Finance)]
    public override async Task ExportPaymentRun(ExportPaymentRunRequest request, IServerStreamWriter<ExportPaymentRunChunk> responseStream, ServerCallContext context)
    {
        var v = new RequestValidator();
        var runId = v.Id("payment_run_id", request.PaymentRunId);
        v.ThrowIfInvalid();
        var exportedBy = context.Caller();
        var claims = await export.WriteAsync(runId, exportedBy,
            chunk => responseStream.WriteAsync(new ExportPaymentRunChunk { Csv = UnsafeByteOperations.UnsafeWrap(chunk) }, context.CancellationToken),
            context.CancellationToken);
        RunExported(runId, exportedBy, claims);
    }

    [Authorize(Roles = Roles.Finance)]
    public override async Task<ConfirmPaymentRunResponse> ConfirmPaymentRun(ConfirmPaymentRunRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var runId = v.Id("payment_run_id", request.PaymentRunId);
        var today = clock.Today();
        var paidOn = request.PaidOn is null ? today : ProtoDates.Required(v, "paid_on", request.PaidOn);
        v.Must(paidOn <= today, "paid_on", "cannot be in the future.");
        v.ThrowIfInvalid();
        var (run, changed) = await db.InTransactionAsync(unit => runs.ConfirmAsync(unit, runId, paidOn, context.Caller()), context.CancellationToken);
        if (changed)
        {
            RunConfirmed(runId, run.ClaimCount, run.TotalPence, run.ReturnedCount);
        }

        return new ConfirmPaymentRunResponse { Run = run.ToMessage(), Changed = changed };
    }

    [Authorize(Roles = Roles.Finance)]
    public override async Task<MarkClaimReturnedResponse> MarkClaimReturned(MarkClaimReturnedRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var runId = v.Id("payment_run_id", request.PaymentRunId);
        var claimId = v.Id("claim_id", request.ClaimId);
        var reason = v.RequiredMultiLine("reason", request.Reason, 500);
        var expectedVersion = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        v.ThrowIfInvalid();
        var (run, claim) = await db.InTransactionAsync(
            unit => runs.ReturnAsync(unit, runId, claimId, reason, expectedVersion, context.Caller()), context.CancellationToken);
        ClaimReturned(runId, claimId);
        return new MarkClaimReturnedResponse { Run = run.ToMessage(), Claim = claim.ToMessage() };
    }

    // Ids, codes and counts only: never names, bank details or reasons.
    [LoggerMessage(EventId = 2400, EventName = "PaymentRunOpened", Level = LogLevel.Information,
        Message = "Payment run {PaymentRunId} opened for {Method}: {Claims} claims, {TotalPence} pence; {LeftOut} left out without bank details")]
    private partial void RunOpened(Guid paymentRunId, string method, int claims, long totalPence, int leftOut);

    [LoggerMessage(EventId = 2401, EventName = "PaymentRunExported", Level = LogLevel.Information,
        Message = "Payment run {PaymentRunId} exported by {ExportedBy}: {Claims} claims")]
    private partial void RunExported(Guid paymentRunId, string exportedBy, int claims);

    [LoggerMessage(EventId = 2402, EventName = "PaymentRunConfirmed", Level = LogLevel.Information,
        Message = "Payment run {PaymentRunId} confirmed: {Claims} claims paid, {TotalPence} pence; {Returned} returned")]
    private partial void RunConfirmed(Guid paymentRunId, int claims, long totalPence, int returned);

    [LoggerMessage(EventId = 2403, EventName = "PaymentRunClaimReturned", Level = LogLevel.Information,
        Message = "Claim {ClaimId} returned from payment run {PaymentRunId}")]
    private partial void ClaimReturned(Guid paymentRunId, Guid claimId);
}
