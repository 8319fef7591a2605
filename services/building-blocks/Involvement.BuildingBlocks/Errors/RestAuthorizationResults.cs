using Google.Protobuf;
using Google.Rpc;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Involvement.BuildingBlocks.Errors;

/// <summary>
/// A REST call refused at the door gets what a refused RPC gets over gRPC — the same 401/403 decision, made by the same
/// [Authorize] metadata — plus the google.rpc.Status JSON body every other REST failure has, so a JSON client reads
/// one error shape. gRPC calls are left to the default handler untouched.
/// </summary>
public sealed class RestAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    /// <summary>The message of a refusal at the door: no role the call admits (a refusal inside the RPC says more).</summary>
    public const string RoleNotAdmitted = "The token's roles do not include one this call admits.";

    /// <summary>Replaces the default result handler (the last registration wins).</summary>
    public static void Register(IServiceCollection services) => services.AddSingleton<IAuthorizationMiddlewareResultHandler, RestAuthorizationResults>();

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        await _default.HandleAsync(next, context, policy, authorizeResult);
        if ((authorizeResult.Challenged || authorizeResult.Forbidden) && !context.Response.HasStarted
            && context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null)
        {
            var status = authorizeResult.Challenged
                ? new Status { Code = (int)Code.Unauthenticated, Message = "The call needs a valid bearer token: send the header 'Authorization: Bearer <token>'." }
                : new Status { Code = (int)Code.PermissionDenied, Message = RoleNotAdmitted };
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(JsonFormatter.Default.Format(status), context.RequestAborted);
        }
    }
}
