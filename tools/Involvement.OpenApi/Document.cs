using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Involvement.OpenApi;

/// <summary>
/// The OpenAPI 3.0.3 document of one service's REST/JSON API: an operation for every HTTP binding of every unary RPC
/// with a <c>google.api.http</c> rule; every other RPC listed as gRPC-only (<c>x-grpc-only</c>). Keys are sorted
/// (paths, components), so the same contract always gives the same bytes.
/// </summary>
public static class Document
{
    public const string BadRequest = "BadRequest";
    public const string Unauthenticated = "Unauthenticated";
    public const string PermissionDenied = "PermissionDenied";
    public const string NotFound = "NotFound";
    public const string Conflict = "Conflict";
    public const string OtherError = "OtherError";
    public const string StatusSchema = "google.rpc.Status";
    public const string BearerScheme = "bearer";

    private static readonly string[] VerbOrder = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    public static JsonObject Build(string service, IReadOnlyList<ServedMethod> served)
    {
        var schemas = new Schemas();
        var operations = new List<(string Path, string Verb, JsonObject Operation)>();
        var grpcOnly = new List<(string Rpc, string Reason)>();
        foreach (var method in served)
        {
            var bindings = HttpBinding.Of(method.Method);
            if (method.Method.IsClientStreaming || method.Method.IsServerStreaming)
            {
                grpcOnly.Add((Operations.GrpcName(method.Method), "streaming RPC: gRPC only (JSON transcoding here serves unary RPCs)"));
            }
            else if (bindings.Count == 0)
            {
                grpcOnly.Add((Operations.GrpcName(method.Method), "no google.api.http rule"));
            }
            else
            {
                for (var i = 0; i < bindings.Count; i++)
                {
                    var id = $"{method.Method.Service.Name}_{method.Method.Name}" + (i == 0 ? "" : $"_{i + 1}");
                    operations.Add((bindings[i].Path, bindings[i].Verb, Operations.Build(method, bindings[i], id, schemas)));
                }
            }
        }

        schemas.Message(Google.Rpc.Status.Descriptor);
        var paths = new JsonObject();
        foreach (var path in operations.GroupBy(o => o.Path).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            paths[path.Key] = new JsonObject(path
                .OrderBy(o => Array.IndexOf(VerbOrder, o.Verb) is var i and >= 0 ? i : VerbOrder.Length).ThenBy(o => o.Verb, StringComparer.Ordinal)
                .Select(o => KeyValuePair.Create<string, JsonNode?>(o.Verb, o.Operation)));
        }

        var tags = served.Where(m => operations.Any(o => o.Operation["x-grpc-method"]!.GetValue<string>() == Operations.GrpcName(m.Method)))
            .Select(m => m.Method.Service).DistinctBy(s => s.FullName).OrderBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["description"] = $"gRPC service {s.FullName}." });
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = $"Involvement {service} REST/JSON API",
                ["version"] = "v1",
                ["description"] = Describe(service, grpcOnly),
            },
            ["tags"] = new JsonArray(tags.ToArray()),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["responses"] = ErrorResponses(),
                ["schemas"] = new JsonObject(schemas.Components.Select(c => KeyValuePair.Create<string, JsonNode?>(c.Key, c.Value))),
                ["securitySchemes"] = new JsonObject
                {
                    [BearerScheme] = new JsonObject
                    {
                        ["type"] = "http",
                        ["scheme"] = "bearer",
                        ["bearerFormat"] = "JWT",
                        ["description"] = "A token from the trust's identity provider (or, in development, one signed with Auth__SigningKey); its roles are checked against each operation's x-roles.",
                    },
                },
            },
            ["security"] = new JsonArray(new JsonObject { [BearerScheme] = new JsonArray() }),
            ["x-grpc-only"] = new JsonArray(grpcOnly.OrderBy(g => g.Rpc, StringComparer.Ordinal)
                .Select(g => (JsonNode)new JsonObject { ["rpc"] = g.Rpc, ["reason"] = g.Reason }).ToArray()),
        };
    }

    /// <summary>The document as committed: two-space indents, readable characters, "\n" line ends, a final newline.</summary>
    public static string Render(JsonObject document) => document.ToJsonString(new JsonSerializerOptions
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }) + "\n";

    private static string Describe(string service, List<(string Rpc, string Reason)> grpcOnly)
    {
        var text = $"The {service} service's RPCs as JSON over HTTP/1.1, served on its Rest port by gRPC JSON transcoding of the "
            + $"google.api.http rules in protos/involvement/{service}/v1: the same authorisation, validation and errors as gRPC. "
            + "Fields use the proto3 JSON mapping (lowerCamelCase names, 64-bit integers as strings, enums by name). "
            + "Every operation needs a bearer JWT carrying one of the roles in its x-roles. Errors answer with a google.rpc.Status body "
            + "whose details carry @type (type.googleapis.com/google.rpc.BadRequest for invalid fields, google.rpc.PreconditionFailure).";
        return grpcOnly.Count == 0
            ? text
            : text + " gRPC only, not over REST (also listed in x-grpc-only): "
                + string.Join("; ", grpcOnly.OrderBy(g => g.Rpc, StringComparer.Ordinal).Select(g => $"{g.Rpc} ({g.Reason})")) + ".";
    }

    private static JsonObject ErrorResponses()
    {
        static JsonObject Error(string description) => new()
        {
            ["description"] = description,
            ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Schemas.RefTo(StatusSchema) } },
        };

        return new JsonObject
        {
            [BadRequest] = Error("INVALID_ARGUMENT (a google.rpc.BadRequest detail names each invalid field), FAILED_PRECONDITION (the record's state does not allow it) or OUT_OF_RANGE."),
            [Conflict] = Error("ALREADY_EXISTS, or ABORTED: the record changed since the expected_version was read; read it again and retry."),
            [NotFound] = Error("NOT_FOUND: no record with that id."),
            [OtherError] = Error("Any other failure: INTERNAL (500, with a trace id and no exception text) or UNAVAILABLE (503: a dependency such as the database is down)."),
            [PermissionDenied] = Error("PERMISSION_DENIED: the token's roles do not include one in x-roles, or the caller may not act on this record."),
            [Unauthenticated] = Error("UNAUTHENTICATED: no bearer token, or one that is not valid."),
        };
    }
}
