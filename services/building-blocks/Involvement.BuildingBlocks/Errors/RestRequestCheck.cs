using System.Text;
using Google.Api;
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
/// authorisation, so a caller who may not call the RPC learns nothing about its request. A query parameter naming a
/// path variable is refused too: the transcoder would let it replace the path's value, so the record a gateway rule or
/// an access log sees in the path would not be the one the call acts on.
/// </summary>
public static partial class RestRequestCheck
{
    /// <summary>Bodies larger than this are left to the transcoder (and the hosts' message size limit).</summary>
    private const int MaxCheckedBody = 1024 * 1024;

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor)));

    public static void UseRestRequestCheck(this WebApplication app) => app.Use(async (context, next) =>
    {
        var transcoding = context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>();
        if (transcoding is not null && PathVariableInQuery(context.Request.Query, transcoding) is { } repeated)
        {
            await RefuseAsync(context, repeated, "is part of the path; give it there only, not also as a query parameter.");
            return;
        }

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
        await RefuseAsync(context, field, problem);
    });

    /// <summary>The first query key that names one of the rule's path variables, by its proto or its JSON name.</summary>
    private static string? PathVariableInQuery(IQueryCollection query, GrpcJsonTranscodingMetadata transcoding)
    {
        if (query.Count == 0)
        {
            return null;
        }

        var template = transcoding.HttpRule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => transcoding.HttpRule.Get,
            HttpRule.PatternOneofCase.Post => transcoding.HttpRule.Post,
            HttpRule.PatternOneofCase.Put => transcoding.HttpRule.Put,
            HttpRule.PatternOneofCase.Delete => transcoding.HttpRule.Delete,
            HttpRule.PatternOneofCase.Patch => transcoding.HttpRule.Patch,
            _ => "",
        };
        foreach (System.Text.RegularExpressions.Match variable in PathVariable().Matches(template))
        {
            var protoName = variable.Groups[1].Value;
            var jsonName = string.Join('.', protoName.Split('.').Select(JsonName));
            if (query.Keys.FirstOrDefault(k => k == protoName || k == jsonName) is { } key)
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>A path variable's field path: <c>{member_id}</c>, <c>{target.metric_code}</c>, <c>{name=...}</c>.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\{([a-z0-9_.]+)")]
    private static partial System.Text.RegularExpressions.Regex PathVariable();

    /// <summary>proto3 JSON's lowerCamelCase name of a field.</summary>
    private static string JsonName(string protoName) =>
        string.Concat(protoName.Split('_').Select((part, i) => i == 0 || part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    private static async Task RefuseAsync(HttpContext context, string field, string problem)
    {
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
    }
}
