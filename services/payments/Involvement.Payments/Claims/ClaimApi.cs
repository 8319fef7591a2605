using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Payments.Expenses;
using Involvement.Payments.V1;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Involvement.Payments.Claims;

/// <summary>
/// The claims gRPC API. Members create, fill, submit and answer their own claims (the PPI team may act for them);
/// the PPI team and finance approve, query and reject, never a claim they created or submitted.
/// </summary>
public sealed class ClaimApi(
    Db db, ClaimStore claims, ExpenseStore expenses, TimeProvider clock, IOptions<PaymentsOptions> options, ILogger<ClaimApi> logger)
    : ClaimService.ClaimServiceBase
{
    private const int MaxTextLength = 2000;
    private const int MaxCostCentreLength = 50;

    private static readonly string[] ActForMembers = [Roles.PpiTeam];
    private static readonly string[] Reviewers = [Roles.PpiTeam, Roles.Finance];

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<CreateClaimResponse> CreateClaim(CreateClaimRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var memberId = v.Id("member_id", request.MemberId);
        v.ThrowIfInvalid();
        var actor = ClaimActor.Of(context, ActForMembers);
        actor.EnsureMayActOn(memberId);
        return await db.ExecuteOnceAsync(nameof(CreateClaim), context.Caller(), key, request,
            async unit => new CreateClaimResponse { Claim = await claims.CreateAsync(unit, memberId, request.GatherFeeLines, actor) },
            context.CancellationToken);
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<AddFeeLineResponse> AddFeeLine(AddFeeLineRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (claimId, expected) = ClaimAndVersion(v, request.ClaimId, request.ExpectedVersion);
        var feeLineId = v.Id("fee_line_id", request.FeeLineId);
        v.ThrowIfInvalid();
        var actor = ClaimActor.Of(context, ActForMembers);
        return new AddFeeLineResponse
        {
            Claim = await db.InTransactionAsync(
                unit => claims.EditLinesAsync(unit, claimId, expected, actor, claim => claims.AddFeeLineAsync(unit, claim, feeLineId)),
                context.CancellationToken),
        };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<AddExpenseLineResponse> AddExpenseLine(AddExpenseLineRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (claimId, expected) = ClaimAndVersion(v, request.ClaimId, request.ExpectedVersion);
        var expense = ValidExpense.From(request, v, options.Value.ReceiptThresholdPence, clock.Today());
        v.ThrowIfInvalid();
        var actor = ClaimActor.Of(context, ActForMembers);
        var lineId = Guid.Empty;
        var claim = await db.InTransactionAsync(
            unit => claims.EditLinesAsync(unit, claimId, expected, actor, async c => lineId = await expenses.AddAsync(unit, c, expense, actor.Caller)),
            context.CancellationToken);
        return new AddExpenseLineResponse { Claim = claim, ExpenseLineId = lineId.ToString() };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<RemoveLineResponse> RemoveLine(RemoveLineRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (claimId, expected) = ClaimAndVersion(v, request.ClaimId, request.ExpectedVersion);
        var lineId = v.Id("line_id", request.LineId);
        v.ThrowIfInvalid();
        var actor = ClaimActor.Of(context, ActForMembers);
        return new RemoveLineResponse
        {
            Claim = await db.InTransactionAsync(
                unit => claims.EditLinesAsync(unit, claimId, expected, actor, claim => claims.RemoveLineAsync(unit, claim, lineId, actor)),
                context.CancellationToken),
        };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<SubmitClaimResponse> SubmitClaim(SubmitClaimRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (claimId, expected) = ClaimAndVersion(v, request.ClaimId, request.ExpectedVersion);
        v.ThrowIfInvalid();
        var actor = ClaimActor.Of(context, ActForMembers);
        var claim = await db.InTransactionAsync(unit => claims.SubmitAsync(unit, claimId, expected, actor), context.CancellationToken);
        var dueOn = ProtoDates.ToDateOnly(claim.DueOn);
        ClaimLog.Submitted(logger, claimId, claim.Reference, claim.TotalPence, dueOn);
        return new SubmitClaimResponse { Claim = claim };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Finance}")]
    public override async Task<ApproveClaimResponse> ApproveClaim(ApproveClaimRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (claimId, expected) = ClaimAndVersion(v, request.ClaimId, request.ExpectedVersion);
        v.ThrowIfInvalid();
        var actor = ClaimActor.Of(context, Reviewers);
        var claim = await db.InTransactionAsync(unit => claims.ApproveAsync(unit, claimId, expected, actor), context.CancellationToken);
        ClaimLog.Approved(logger, claimId, claim.Reference, claim.TotalPence);
        return new ApproveClaimResponse { Claim = claim };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Finance}")]
    public override async Task<QueryClaimResponse> QueryClaim(QueryClaimRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (claimId, expected) = ClaimAndVersion(v, request.ClaimId, request.ExpectedVersion);
        var question = v.RequiredMultiLine("question", request.Question, MaxTextLength);
        v.ThrowIfInvalid();
        var actor = ClaimActor.Of(context, Reviewers);
        return new QueryClaimResponse
        {
            Claim = await db.InTransactionAsync(unit => claims.QueryAsync(unit, claimId, expected, question, actor), context.CancellationToken),
        };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<AnswerQueryResponse> AnswerQuery(AnswerQueryRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (claimId, expected) = ClaimAndVersion(v, request.ClaimId, request.ExpectedVersion);
        var answer = v.RequiredMultiLine("answer", request.Answer, MaxTextLength);
        v.ThrowIfInvalid();
        var actor = ClaimActor.Of(context, ActForMembers);
        return new AnswerQueryResponse
        {
            Claim = await db.InTransactionAsync(unit => claims.AnswerAsync(unit, claimId, expected, answer, actor), context.CancellationToken),
        };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Finance}")]
    public override async Task<RejectClaimResponse> RejectClaim(RejectClaimRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var (claimId, expected) = ClaimAndVersion(v, request.ClaimId, request.ExpectedVersion);
        var reason = v.RequiredMultiLine("reason", request.Reason, MaxTextLength);
        v.ThrowIfInvalid();
        var actor = ClaimActor.Of(context, Reviewers);
        var claim = await db.InTransactionAsync(unit => claims.RejectAsync(unit, claimId, expected, reason, actor), context.CancellationToken);
        ClaimLog.Rejected(logger, claimId, claim.Reference);
        return new RejectClaimResponse { Claim = claim };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Finance},{Roles.Member}")]
    public override async Task<GetClaimResponse> GetClaim(GetClaimRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var claimId = v.Id("claim_id", request.ClaimId);
        v.ThrowIfInvalid();
        return new GetClaimResponse { Claim = await claims.GetAsync(claimId, ClaimActor.Of(context, Reviewers), context.CancellationToken) };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Finance},{Roles.Member}")]
    public override async Task<ListClaimsResponse> ListClaims(ListClaimsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var state = v.Enum("state", request.State, required: false);
        Guid? memberId = string.IsNullOrWhiteSpace(request.MemberId) ? null : v.Id("member_id", request.MemberId);
        var costCentre = CostCentres.NormaliseOptional(v.Optional("cost_centre", request.CostCentre, MaxCostCentreLength));
        var pageSize = v.PageSize("page_size", request.PageSize);
        var before = PageToken.Decode(request.PageToken, ClaimStore.TokenList, v);
        v.ThrowIfInvalid();
        var actor = ClaimActor.Of(context, Reviewers);
        if (actor.OwnClaimsOf is { } self)
        {
            actor.EnsureMayActOn(memberId ?? self);
            memberId = self;
        }

        var page = await claims.ListAsync(new ClaimFilter(state, memberId, request.OverdueOnly, costCentre), pageSize, before, context.CancellationToken);
        return new ListClaimsResponse { Claims = { page.Items }, NextPageToken = page.NextPageToken };
    }

    private static (Guid ClaimId, long ExpectedVersion) ClaimAndVersion(RequestValidator v, string claimId, long expectedVersion) =>
        (v.Id("claim_id", claimId), v.ExpectedVersion("expected_version", expectedVersion));
}
