using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.OpenApi;

/// <summary>One operation of a committed OpenAPI document.</summary>
public sealed record DocumentedOperation(string Path, string Verb, JsonObject Body)
{
    public string Id => Body["operationId"]!.GetValue<string>();

    /// <summary>"package.Service/Method", the RPC the operation transcodes.</summary>
    public string GrpcMethod => Body["x-grpc-method"]!.GetValue<string>();

    /// <summary>The roles admitted, or null when any authenticated caller is.</summary>
    public IReadOnlyList<string>? Roles => Body["x-roles"]?.AsArray().Select(r => r!.GetValue<string>()).ToList();

    public IEnumerable<JsonObject> Parameters(string location) =>
        Body["parameters"]?.AsArray().Select(p => p!.AsObject()).Where(p => p["in"]!.GetValue<string>() == location) ?? [];

    public override string ToString() => $"{Verb.ToUpperInvariant()} {Path} ({Id})";
}

/// <summary>The committed documents (docs/openapi) and the contracts they describe, as the clients' copy compiles them.</summary>
public static class OpenApiDocuments
{
    public static TheoryData<string> Services => [.. Involvement.OpenApi.ServedMethods.Services];

    public static string CommittedPath(string service) => Path.Combine(ServiceProcess.RepositoryRoot(), "docs", "openapi", $"{service}.json");

    public static JsonObject Committed(string service) => JsonNode.Parse(File.ReadAllText(CommittedPath(service)))!.AsObject();

    public static IReadOnlyList<DocumentedOperation> Operations(JsonObject document) =>
        document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => new DocumentedOperation(path.Key, op.Key, op.Value!.AsObject())))
            .ToList();

    /// <summary>What a local reference ("#/components/schemas/x") points at, or null when nothing.</summary>
    public static JsonNode? Resolve(JsonObject document, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        JsonNode? node = document;
        foreach (var part in reference[2..].Split('/'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal), out var next) ? next : null;
        }

        return node;
    }

    /// <summary>Every file of the clients' copy of the contracts (Involvement.Protos).</summary>
    public static IReadOnlyList<FileDescriptor> ClientContracts { get; } =
        typeof(Involvement.Recruitment.V1.MemberService).Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor")?.GetValue(null) as FileDescriptor)
            .OfType<FileDescriptor>()
            .ToList();

    public static IEnumerable<MethodDescriptor> ClientMethods(string service) =>
        ClientContracts.Where(f => f.Package == $"involvement.{service}.v1").SelectMany(f => f.Services).SelectMany(s => s.Methods);

    public static MethodDescriptor ClientMethod(string grpcMethod) =>
        ClientContracts.SelectMany(f => f.Services).SelectMany(s => s.Methods).Single(m => $"{m.Service.FullName}/{m.Name}" == grpcMethod);
}
