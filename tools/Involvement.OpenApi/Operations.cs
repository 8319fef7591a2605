using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;

namespace Involvement.OpenApi;

/// <summary>One OpenAPI operation for one HTTP binding of an RPC: parameters, body, responses, roles.</summary>
public static class Operations
{
    public static JsonObject Build(ServedMethod served, HttpBinding binding, string operationId, Schemas schemas)
    {
        var method = served.Method;
        var request = method.InputType;
        var topLevelPathFields = binding.PathFields.Where(p => !p.Contains('.', StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var parameters = new JsonArray(binding.PathFields.Select(p => PathParameter(request, p, schemas)).ToArray());
        if (binding.Body != "*")
        {
            var bound = topLevelPathFields.Append(binding.Body).ToHashSet(StringComparer.Ordinal);
            foreach (var field in request.Fields.InDeclarationOrder().Where(f => !bound.Contains(f.Name)))
            {
                foreach (var query in QueryParameters(field, prefix: "", [request.FullName], schemas))
                {
                    parameters.Add(query);
                }
            }
        }

        var operation = new JsonObject
        {
            ["operationId"] = operationId,
            ["summary"] = method.Name,
            ["description"] = Describe(served),
            ["tags"] = new JsonArray(method.Service.Name),
        };
        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (binding.Body != "")
        {
            var body = binding.Body == "*"
                ? (topLevelPathFields.Count == 0 ? schemas.Message(request) : schemas.ObjectOf(request, topLevelPathFields))
                : schemas.Field(request.FindFieldByName(binding.Body) ?? throw Unknown(method, binding.Body));
            operation["requestBody"] = new JsonObject { ["required"] = true, ["content"] = Json(body) };
        }

        var response = binding.ResponseBody == ""
            ? schemas.Message(method.OutputType)
            : schemas.Field(method.OutputType.FindFieldByName(binding.ResponseBody) ?? throw Unknown(method, binding.ResponseBody));
        operation["responses"] = Responses(request, binding, response);
        if (served.Anonymous)
        {
            operation["security"] = new JsonArray();
        }

        operation["x-grpc-method"] = GrpcName(method);
        if (served.Roles is not null)
        {
            operation["x-roles"] = new JsonArray(served.Roles.Select(r => (JsonNode)r).ToArray());
        }

        return operation;
    }

    public static string GrpcName(MethodDescriptor method) => $"{method.Service.FullName}/{method.Name}";

    private static string Describe(ServedMethod served) =>
        $"gRPC {GrpcName(served.Method)}. " + (served.Anonymous ? "No token needed."
            : served.Roles is null ? "Any authenticated caller."
            : served.Roles.Count == 0 ? "No role is admitted."
            : $"Roles: {string.Join(", ", served.Roles)}.");

    private static JsonObject Json(JsonNode schema) => new() { ["application/json"] = new JsonObject { ["schema"] = schema } };

    // The error statuses an operation can answer with. Every call can be unauthenticated, forbidden or invalid; one
    // naming a record by id can find none; a write can conflict (ALREADY_EXISTS, or ABORTED on a stale version).
    private static JsonObject Responses(MessageDescriptor request, HttpBinding binding, JsonNode response)
    {
        var responses = new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = "OK", ["content"] = Json(response) },
            ["400"] = ErrorRef(Document.BadRequest),
            ["401"] = ErrorRef(Document.Unauthenticated),
            ["403"] = ErrorRef(Document.PermissionDenied),
        };
        if (binding.PathFields.Count > 0 || request.Fields.InDeclarationOrder().Any(f => f.Name.EndsWith("_id", StringComparison.Ordinal)))
        {
            responses["404"] = ErrorRef(Document.NotFound);
        }

        if (binding.Verb != "get")
        {
            responses["409"] = ErrorRef(Document.Conflict);
        }

        responses["default"] = ErrorRef(Document.OtherError);
        return responses;
    }

    private static JsonObject ErrorRef(string response) => new() { ["$ref"] = $"#/components/responses/{response}" };

    private static JsonObject PathParameter(MessageDescriptor request, string fieldPath, Schemas schemas)
    {
        var field = Resolve(request, fieldPath);
        return new JsonObject { ["name"] = fieldPath, ["in"] = "path", ["required"] = true, ["schema"] = schemas.Field(field) };
    }

    private static FieldDescriptor Resolve(MessageDescriptor message, string fieldPath)
    {
        FieldDescriptor? field = null;
        foreach (var name in fieldPath.Split('.'))
        {
            field = (field?.MessageType ?? message).FindFieldByName(name)
                ?? throw new InvalidOperationException($"{message.FullName} has no field {fieldPath} (named in a google.api.http path).");
        }

        return field!;
    }

    // A query string can carry scalars, enums, lists of them and the well-known types written as JSON scalars; a
    // nested message's own fields go by dotted JSON names (period.year). Lists of messages and maps cannot.
    private static IEnumerable<JsonObject> QueryParameters(FieldDescriptor field, string prefix, IReadOnlyList<string> enclosing, Schemas schemas)
    {
        var name = prefix + field.JsonName;
        if (field.IsMap)
        {
            yield break;
        }

        if (field.FieldType is FieldType.Message or FieldType.Group && !Schemas.IsJsonScalar(field.MessageType))
        {
            // A list of messages has no query form; nor has a message that contains itself.
            if (field.IsRepeated || enclosing.Contains(field.MessageType.FullName) || field.MessageType.FullName == Schemas.AnyName)
            {
                yield break;
            }

            foreach (var inner in field.MessageType.Fields.InDeclarationOrder())
            {
                foreach (var parameter in QueryParameters(inner, name + ".", [.. enclosing, field.MessageType.FullName], schemas))
                {
                    yield return parameter;
                }
            }

            yield break;
        }

        yield return new JsonObject { ["name"] = name, ["in"] = "query", ["required"] = false, ["schema"] = schemas.Field(field) };
    }

    private static InvalidOperationException Unknown(MethodDescriptor method, string field) =>
        new($"{GrpcName(method)}: its google.api.http rule names field {field}, which its message lacks.");
}
