using Involvement.BuildingBlocks.Time;
using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.Schemes;
using Involvement.Recruitment.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Recruitment.Schemes;

/// <summary>The schemes gRPC API. The PPI team manages memberships; a member may see their own and check their eligibility.</summary>
public sealed class SchemeApi(Db db, SchemeStore schemes, TimeProvider clock) : SchemeService.SchemeServiceBase
{
    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<CheckSchemeCriteriaResponse> CheckSchemeCriteria(CheckSchemeCriteriaRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        var scheme = v.Enum("scheme", request.Scheme, required: true);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.PpiTeam);
        var criteria = await schemes.CheckAsync(memberId, scheme, context.CancellationToken);
        return new CheckSchemeCriteriaResponse
        {
            Eligible = criteria.All(c => c.Met),
            Criteria = { criteria.Select(c => new Criterion { Name = c.Criterion, Met = c.Met, Reason = c.Reason }) },
        };
    }

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<JoinSchemeResponse> JoinScheme(JoinSchemeRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var memberId = v.Id("member_id", request.MemberId);
        var scheme = v.Enum("scheme", request.Scheme, required: true);
        var startedOn = request.StartedOn is null ? clock.Today() : ProtoDates.Required(v, "started_on", request.StartedOn);
        v.Must(startedOn <= clock.Today(), "started_on", "cannot be in the future.");
        v.ThrowIfInvalid();
        return await db.ExecuteOnceAsync(nameof(JoinScheme), context.Caller(), key, request,
            async unit => new JoinSchemeResponse { Membership = await schemes.JoinAsync(unit, memberId, scheme, startedOn) },
            context.CancellationToken);
    }

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<EndSchemeMembershipResponse> EndSchemeMembership(EndSchemeMembershipRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var membershipId = v.Id("membership_id", request.MembershipId);
        var endedOn = ProtoDates.Required(v, "ended_on", request.EndedOn);
        var reason = v.RequiredMultiLine("reason", request.Reason, 500);
        v.ThrowIfInvalid();
        return new EndSchemeMembershipResponse
        {
            Membership = await db.InTransactionAsync(unit => schemes.EndAsync(unit, membershipId, endedOn, reason), context.CancellationToken),
        };
    }

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<RecordPatientPartnerReviewResponse> RecordPatientPartnerReview(RecordPatientPartnerReviewRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var membershipId = v.Id("membership_id", request.MembershipId);
        var reviewedOn = ProtoDates.Required(v, "reviewed_on", request.ReviewedOn);
        v.Must(reviewedOn <= clock.Today(), "reviewed_on", "cannot be in the future.");
        var outcome = v.RequiredMultiLine("outcome", request.Outcome, 1000);
        v.ThrowIfInvalid();
        return new RecordPatientPartnerReviewResponse
        {
            Membership = await db.InTransactionAsync(unit => schemes.ReviewAsync(unit, membershipId, reviewedOn, outcome, request.Satisfactory), context.CancellationToken),
        };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<ListMemberSchemesResponse> ListMemberSchemes(ListMemberSchemesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.PpiTeam);
        return new ListMemberSchemesResponse { Memberships = { await schemes.ListForMemberAsync(memberId, context.CancellationToken) } };
    }

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<ListPatientPartnerMilestonesDueResponse> ListPatientPartnerMilestonesDue(
        ListPatientPartnerMilestonesDueRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var withinDays = v.CountOrDefault("within_days", request.WithinDays, max: 730, defaultValue: 90);
        v.ThrowIfInvalid();
        var milestones = await schemes.MilestonesDueAsync(withinDays, context.CancellationToken);
        return new ListPatientPartnerMilestonesDueResponse { Milestones = { milestones } };
    }
}
