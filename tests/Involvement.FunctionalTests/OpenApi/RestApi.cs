using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.OpenApi;

/// <summary>
/// Calls a service's REST API as its OpenAPI document describes it, knowing nothing else: an operation id and a
/// request message become the documented path (path fields filled in), query string and JSON body.
/// </summary>
public sealed class RestApi(JsonObject document, HttpClient http)
{
    public JsonObject Document { get; } = document;

    public IReadOnlyList<DocumentedOperation> Operations { get; } = OpenApiDocuments.Operations(document);

    public DocumentedOperation? Find(string operationId) => Operations.SingleOrDefault(o => o.Id == operationId);

    /// <summary>Sends <paramref name="request"/> to the operation, with a token for <paramref name="role"/> (none when null).</summary>
    public async Task<RestReply> CallAsync(DocumentedOperation operation, IMessage request, string? role, string subject = "test-user")
    {
        var json = JsonNode.Parse(JsonFormatter.Default.Format(request))!.AsObject();
        var descriptor = request.Descriptor;
        var path = operation.Path;
        foreach (var parameter in operation.Parameters("path"))
        {
            var fieldPath = parameter["name"]!.GetValue<string>();
            var value = Take(json, descriptor, fieldPath) ?? "";
            path = path.Replace($"{{{fieldPath}}}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        var queryNames = operation.Parameters("query").Select(p => p["name"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var query = Flatten(json, "").Where(q => queryNames.Contains(q.Name))
            .Select(q => $"{Uri.EscapeDataString(q.Name)}={Uri.EscapeDataString(q.Value)}").ToList();
        using var message = new HttpRequestMessage(new HttpMethod(operation.Verb.ToUpperInvariant()), path + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        if (operation.Body["requestBody"] is not null)
        {
            var body = BodyField(operation, descriptor) is { } field ? json[field.JsonName]?.DeepClone() ?? new JsonObject() : json;
            message.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (role is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestAuth.Token(role, subject));
        }

        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        var isJson = response.Content.Headers.ContentType?.MediaType == "application/json" && text.Length > 0;
        return new RestReply(this, operation, response.StatusCode, isJson ? JsonNode.Parse(text) : null, text);
    }

    // The body field a rule names (body: "field"), or null for body: "*". The document's request schema says which.
    private static FieldDescriptor? BodyField(DocumentedOperation operation, MessageDescriptor request)
    {
        var rule = Google.Api.AnnotationsExtensions.Http;
        var method = OpenApiDocuments.ClientMethod(operation.GrpcMethod);
        var body = method.GetOptions()?.GetExtension(rule)?.Body ?? "*";
        return body is "*" or "" ? null : request.FindFieldByName(body);
    }

    // Removes a path-bound field from the JSON (the path carries it) and returns its value as text.
    private static string? Take(JsonObject json, MessageDescriptor message, string fieldPath)
    {
        var parts = fieldPath.Split('.');
        var node = json;
        for (var i = 0; i < parts.Length; i++)
        {
            var field = message.FindFieldByName(parts[i]);
            if (i == parts.Length - 1)
            {
                var value = node[field.JsonName];
                node.Remove(field.JsonName);
                return value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString();
            }

            if (node[field.JsonName] is not JsonObject inner)
            {
                return null;
            }

            node = inner;
            message = field.MessageType;
        }

        return null;
    }

    private static IEnumerable<(string Name, string Value)> Flatten(JsonNode? node, string name) => node switch
    {
        JsonObject o => o.SelectMany(p => Flatten(p.Value, name.Length == 0 ? p.Key : $"{name}.{p.Key}")),
        JsonArray a => a.SelectMany(item => Flatten(item, name)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [(name, v.GetValue<string>())],
        JsonValue v => [(name, v.ToJsonString())],
        _ => [],
    };
}

/// <summary>A REST reply, and whether it is what the document says the operation answers.</summary>
public sealed record RestReply(RestApi Api, DocumentedOperation Operation, HttpStatusCode Status, JsonNode? Json, string Text)
{
    /// <summary>
    /// Why the reply does not match the document: its status is not among the operation's responses (nor covered by
    /// "default"), or its JSON body does not conform to the schema documented for that status.
    /// </summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            var responses = Operation.Body["responses"]!.AsObject();
            var key = ((int)Status).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var response = responses[key] ?? responses["default"];
            if (response is null)
            {
                return [$"{Operation}: status {key} is not documented"];
            }

            if (response["$ref"] is { } reference)
            {
                response = OpenApiDocuments.Resolve(Api.Document, reference.GetValue<string>());
            }

            if (response?["content"]?["application/json"]?["schema"] is not { } schema)
            {
                return [$"{Operation}: status {key} is documented without a JSON schema"];
            }

            return Json is null
                ? [$"{Operation}: status {key} came without a JSON body ({Text})"]
                : SchemaConformance.Problems(Api.Document, schema, Json).Select(p => $"{Operation} {key}: {p}").ToList();
        }
    }

    /// <summary>Fails with every problem listed when the reply is not what the document says.</summary>
    public void AssertDocumented() => Assert.True(Problems.Count == 0, string.Join("\n", Problems) + $"\nreply: {Text}");

    public T As<T>()
        where T : IMessage<T>, new() => JsonParser.Default.Parse<T>(Text);

    public override string ToString() => $"{Operation} -> {(int)Status} {Text}";
}
