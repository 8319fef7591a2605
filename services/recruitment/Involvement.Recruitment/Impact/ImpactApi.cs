using Involvement.BuildingBlocks.Time;
using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.Impact;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Recruitment.Impact;

/// <summary>4PI Impact: the PPI team and project leads record outcomes and feedback; participants return questionnaires.</summary>
public sealed class ImpactApi(Db db, ImpactStore impact, TimeProvider clock) : ImpactService.ImpactServiceBase
{
    private const int MaxTextLength = 2000;

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<RecordOutcomesResponse> RecordOutcomes(RecordOutcomesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("opportunity_id", request.OpportunityId);
        v.Must(request.ExpectedVersion >= 0, "expected_version", "must be the version last read (0 before any outcomes are recorded).");
        v.Must(request.Outcomes.Count is >= 1 and <= 20, "outcomes", "must give a result for each intended outcome.");
        var outcomes = new List<OutcomeAchieved>();
        for (var i = 0; i < request.Outcomes.Count; i++)
        {
            var o = request.Outcomes[i];
            outcomes.Add(new OutcomeAchieved
            {
                Intended = v.Required($"outcomes[{i}].intended", o.Intended, 500),
                Result = v.Enum($"outcomes[{i}].result", o.Result, required: true),
                Evidence = v.RequiredMultiLine($"outcomes[{i}].evidence", o.Evidence, MaxTextLength),
            });
        }

        var difference = v.RequiredMultiLine("difference_made", request.DifferenceMade, 4000);
        v.ThrowIfInvalid();
        return new RecordOutcomesResponse
        {
            Impact = await db.InTransactionAsync(
                unit => impact.RecordOutcomesAsync(unit, id, request.ExpectedVersion, outcomes, difference, context.Caller()), context.CancellationToken),
        };
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<GiveFeedbackResponse> GiveFeedback(GiveFeedbackRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var id = v.Id("opportunity_id", request.OpportunityId);
        var weSaid = v.RequiredMultiLine("we_said", request.WeSaid, MaxTextLength);
        var weDid = v.RequiredMultiLine("we_did", request.WeDid, MaxTextLength);
        var givenOn = ProtoDates.Required(v, "given_on", request.GivenOn);
        v.Must(givenOn <= clock.Today(), "given_on", "cannot be in the future: record feedback once it has been given.");
        v.ThrowIfInvalid();
        return await db.ExecuteOnceAsync(nameof(GiveFeedback), context.Caller(), key, request, async unit => new GiveFeedbackResponse
        {
            Feedback = await impact.GiveFeedbackAsync(unit, id, weSaid, weDid, givenOn, request.Publishable, context.Caller()),
        }, context.CancellationToken);
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<SubmitQuestionnaireResponse> SubmitQuestionnaire(SubmitQuestionnaireRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var opportunityId = v.Id("opportunity_id", request.OpportunityId);
        var memberId = v.Id("member_id", request.MemberId);
        v.Must(request.FeltValued is >= 1 and <= 5, "felt_valued", "must be from 1 (not at all) to 5 (completely).");
        v.Must(request.Influence is >= 1 and <= 5, "influence", "must be from 1 (not at all) to 5 (completely).");
        v.Must(request.Support is >= 1 and <= 5, "support", "must be from 1 (not at all) to 5 (completely).");
        var comments = v.OptionalMultiLine("comments", request.Comments, MaxTextLength) ?? "";
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.PpiTeam);
        var answers = new Questionnaire
        {
            FeltValued = request.FeltValued, Influence = request.Influence, Support = request.Support,
            WouldTakePartAgain = request.WouldTakePartAgain, Comments = comments,
        };
        return await db.ExecuteOnceAsync(nameof(SubmitQuestionnaire), context.Caller(), key, request, async unit => new SubmitQuestionnaireResponse
        {
            Questionnaire = await impact.SubmitQuestionnaireAsync(unit, opportunityId, memberId, answers),
        }, context.CancellationToken);
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.ProjectLead}")]
    public override async Task<GetImpactResponse> GetImpact(GetImpactRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var id = v.Id("opportunity_id", request.OpportunityId);
        v.ThrowIfInvalid();
        // Individual questionnaires (and their comments) are for the PPI team; project leads see the summary.
        return new GetImpactResponse { Impact = await impact.GetAsync(id, context.IsInAnyRole(Roles.PpiTeam), context.CancellationToken) };
    }
}
