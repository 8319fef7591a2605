using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;

namespace Involvement.BuildingBlocks.Errors;

/// <summary>
/// Reads a REST call's JSON body before the transcoder does, and refuses one that cannot be the request message with
/// INVALID_ARGUMENT (400) and a google.rpc.BadRequest naming the field, as a validation failure would. The transcoder
/// alone says only "Request JSON payload is not correctly formatted." for a wrong type or a broken body. Runs after
/// authorisation, so a caller who may not call the RPC learns nothing about its request.
/// </summary>
public static class RestRequestCheck
{
    /// <summary>Bodies larger than this are left to the transcoder (and the hosts' message size limit).</summary>
    private const int MaxCheckedBody = 1024 * 1024;

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor)));

    public static void UseRestRequestCheck(this WebApplication app) => app.Use(async (context, next) =>
    {
        var transcoding = context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>();
        if (transcoding is null || transcoding.HttpRule.Body != "*" || context.Request.ContentLength is not (>= 0 and <= MaxCheckedBody)
            || context.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            await next(context);
            return;
        }

        context.Request.EnableBuffering();
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        var found = JsonBodyCheck.FirstProblem(body, transcoding.MethodDescriptor.InputType);
        if (found is null)
        {
            await next(context);
            return;
        }

        var (field, problem) = found.Value;
        var status = new Google.Rpc.Status { Code = (int)Code.InvalidArgument };
        if (field.Length == 0)
        {
            status.Message = "The request body " + problem;
        }
        else
        {
            status.Message = $"The request has invalid fields: {field}. {field} {problem}";
            status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = problem } } }));
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(Formatter.Format(status), context.RequestAborted);
    });
}
