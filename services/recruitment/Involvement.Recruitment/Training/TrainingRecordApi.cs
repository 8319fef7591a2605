using Involvement.BuildingBlocks.Time;
using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.Training;
using Involvement.Recruitment.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Recruitment.Training;

/// <summary>Training completions for prerequisites: the PPI team records them by hand when the training service is not deployed.</summary>
public sealed class TrainingRecordApi(Db db, CompletionStore completions, TimeProvider clock) : TrainingRecordService.TrainingRecordServiceBase
{
    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<RecordCompletionByHandResponse> RecordCompletionByHand(RecordCompletionByHandRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var memberId = v.Id("member_id", request.MemberId);
        var module = v.Required("module_code", request.ModuleCode, 50);
        var completedOn = ProtoDates.Required(v, "completed_on", request.CompletedOn);
        v.Must(completedOn <= clock.Today(), "completed_on", "cannot be in the future.");
        DateOnly? expiresOn = request.ExpiresOn is null ? null : ProtoDates.Required(v, "expires_on", request.ExpiresOn);
        v.Must(expiresOn is null || expiresOn > completedOn, "expires_on", "must be after completed_on.");
        var evidence = v.RequiredMultiLine("evidence", request.Evidence, 500);
        v.ThrowIfInvalid();
        return await db.ExecuteOnceAsync(nameof(RecordCompletionByHand), context.Caller(), key, request, async unit => new RecordCompletionByHandResponse
        {
            Completion = await completions.RecordByHandAsync(unit, memberId, module, completedOn, expiresOn, evidence, context.Caller()),
        }, context.CancellationToken);
    }

    [Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
    public override async Task<ListCompletionsResponse> ListCompletions(ListCompletionsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.PpiTeam);
        var response = new ListCompletionsResponse();
        response.Completions.AddRange(await completions.ListAsync(memberId, context.CancellationToken));
        return response;
    }
}
