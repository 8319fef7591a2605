using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Payments.Fees;

/// <summary>Fee lines: members see their own; finance and the PPI team see everyone's and put held lines right.</summary>
public sealed class FeeApi(Db db, FeeLineStore fees) : FeeService.FeeServiceBase
{
    private const string Staff = $"{Roles.Finance},{Roles.PpiTeam}";
    private const int MaxReasonLength = 1000;

    [Authorize(Roles = $"{Staff},{Roles.Member}")]
    public override async Task<ListFeeLinesResponse> ListFeeLines(ListFeeLinesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        Guid? memberId = string.IsNullOrWhiteSpace(request.MemberId) ? null : v.Id("member_id", request.MemberId);
        var state = v.Enum("state", request.State, required: false);
        var holdReason = v.Enum("hold_reason", request.HoldReason, required: false);
        v.Must(holdReason == HoldReason.Unspecified || state is FeeLineState.Unspecified or FeeLineState.Held, "hold_reason",
            "filters held lines only; leave state unspecified or held.");
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.Decode(request.PageToken, FeeLineStore.TokenList, v);
        v.ThrowIfInvalid();
        if (!context.IsInAnyRole(Roles.Finance, Roles.PpiTeam))
        {
            // A member lists their own lines, named or not.
            memberId ??= context.MemberId() ?? throw new PermissionDeniedException("A member may only list their own fee lines.");
            context.EnsureMayActOnMember(memberId.Value, Roles.Finance, Roles.PpiTeam);
        }

        var page = await fees.ListAsync(memberId, state == FeeLineState.Unspecified ? null : CodeNames.Of(state),
            holdReason == HoldReason.Unspecified ? null : CodeNames.Of(holdReason), request.UnrecoveredReversalsOnly, pageSize, after,
            context.CancellationToken);
        return new ListFeeLinesResponse { FeeLines = { page.Items }, NextPageToken = page.NextPageToken };
    }

    [Authorize(Roles = Staff)]
    public override async Task<ResolveHeldFeeResponse> ResolveHeldFee(ResolveHeldFeeRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("fee_line_id", request.FeeLineId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        v.ThrowIfInvalid();
        return new ResolveHeldFeeResponse
        {
            FeeLine = await db.InTransactionAsync(unit => fees.ResolveAsync(unit, id, expected, context.Caller()), context.CancellationToken),
        };
    }

    [Authorize(Roles = Staff)]
    public override async Task<OverrideMonthlyCapResponse> OverrideMonthlyCap(OverrideMonthlyCapRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("fee_line_id", request.FeeLineId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var reason = v.RequiredMultiLine("reason", request.Reason, MaxReasonLength);
        v.ThrowIfInvalid();
        return new OverrideMonthlyCapResponse
        {
            FeeLine = await db.InTransactionAsync(unit => fees.OverrideCapAsync(unit, id, expected, reason, context.Caller()), context.CancellationToken),
        };
    }
}
