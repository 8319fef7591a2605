using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Training.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Training.Modules;

/// <summary>The catalogue: the PPI team keeps it; every role may read it.</summary>
public sealed class ModuleApi(Db db, ModuleStore modules) : ModuleService.ModuleServiceBase
{
    private const string Everyone = $"{Roles.PpiTeam},{Roles.Trainer},{Roles.Member},{Roles.ProjectLead},{Roles.ReportingConsumer},{Roles.Finance}";

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<CreateModuleResponse> CreateModule(CreateModuleRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var code = ValidModule.Code(v, "code", request.Code);
        var details = ValidModule.Details(v, "details", request.Details);
        v.ThrowIfInvalid();
        return await db.ExecuteOnceAsync(nameof(CreateModule), context.Caller(), key, request, async unit => new CreateModuleResponse
        {
            Module = await modules.CreateAsync(unit, code, details, context.Caller()),
        }, context.CancellationToken);
    }

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<UpdateModuleResponse> UpdateModule(UpdateModuleRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var code = ValidModule.Code(v, "code", request.Code);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var details = ValidModule.Details(v, "details", request.Details);
        v.ThrowIfInvalid();
        return new UpdateModuleResponse
        {
            Module = await db.InTransactionAsync(unit => modules.UpdateAsync(unit, code, expected, details, context.Caller()), context.CancellationToken),
        };
    }

    [Authorize(Roles = Everyone)]
    public override async Task<GetModuleResponse> GetModule(GetModuleRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var code = ValidModule.Code(v, "code", request.Code);
        v.ThrowIfInvalid();
        return new GetModuleResponse { Module = await modules.GetAsync(code, context.CancellationToken) };
    }

    [Authorize(Roles = Everyone)]
    public override async Task<ListModulesResponse> ListModules(ListModulesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var status = v.Enum("status", request.Status, required: false);
        var audience = v.Enum("audience", request.Audience, required: false);
        var mode = v.Enum("mode", request.Mode, required: false);
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.DecodeKey(request.PageToken, ModuleStore.TokenList, v);
        v.ThrowIfInvalid();
        var page = await modules.ListAsync(
            status == ModuleStatus.Unspecified ? null : CodeNames.Of(status),
            audience == ModuleAudience.Unspecified ? null : CodeNames.Of(audience),
            mode == ModuleMode.Unspecified ? null : CodeNames.Of(mode),
            pageSize, after, context.CancellationToken);
        return new ListModulesResponse { Modules = { page.Items }, NextPageToken = page.NextPageToken };
    }
}
