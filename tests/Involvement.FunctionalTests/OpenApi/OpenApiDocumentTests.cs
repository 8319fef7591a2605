using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Involvement.OpenApi;

namespace Involvement.FunctionalTests.OpenApi;

/// <summary>The committed OpenAPI documents: current, well formed, and one operation per transcoded RPC binding.</summary>
public sealed partial class OpenApiDocumentTests
{
    [Theory]
    [MemberData(nameof(OpenApiDocuments.Services), MemberType = typeof(OpenApiDocuments))]
    public void Committed_document_is_what_the_contracts_give_now(string service)
    {
        var fresh = Generate(service);

        Assert.Equal(fresh, Generate(service));   // deterministic, or no committed copy could ever be current
        Assert.True(File.Exists(OpenApiDocuments.CommittedPath(service)) && File.ReadAllText(OpenApiDocuments.CommittedPath(service)) == fresh,
            $"docs/openapi/{service}.json is stale: run scripts/openapi and commit docs/openapi.");
    }

    [Theory]
    [MemberData(nameof(OpenApiDocuments.Services), MemberType = typeof(OpenApiDocuments))]
    public void Document_is_well_formed(string service)
    {
        var document = OpenApiDocuments.Committed(service);
        var operations = OpenApiDocuments.Operations(document);

        Assert.Equal("3.0.3", document["openapi"]!.GetValue<string>());
        Assert.DoesNotContain(References(document), r => OpenApiDocuments.Resolve(document, r) is null);
        Assert.Empty(operations.GroupBy(o => o.Id).Where(g => g.Count() > 1).Select(g => g.Key));
        foreach (var operation in operations)
        {
            var inTemplate = TemplateVariable().Matches(operation.Path).Select(m => m.Groups[1].Value).ToList();
            var declared = operation.Parameters("path").Select(p => p["name"]!.GetValue<string>()).ToList();
            Assert.Equal(inTemplate, declared);
            Assert.All(operation.Parameters("path"), p => Assert.True(p["required"]!.GetValue<bool>(), $"{operation}: path parameters are required"));
            Assert.Empty(operation.Body["parameters"]?.AsArray().GroupBy(p => (p!["in"]!.GetValue<string>(), p["name"]!.GetValue<string>())).Where(g => g.Count() > 1) ?? []);
            Assert.True(operation.Body["responses"]?["200"] is not null && operation.Body["responses"]?["401"] is not null, $"{operation}: 200 and 401 documented");
            Assert.True(operation.Verb is "get" or "put" or "post" or "delete" or "patch", $"{operation}: an HTTP method OpenAPI has");
        }
    }

    [Theory]
    [MemberData(nameof(OpenApiDocuments.Services), MemberType = typeof(OpenApiDocuments))]
    public void Operations_are_the_transcoded_rpcs_of_the_contract(string service)
    {
        var document = OpenApiDocuments.Committed(service);
        var rule = Google.Api.AnnotationsExtensions.Http;
        var methods = OpenApiDocuments.ClientMethods(service).ToList();
        var transcoded = methods.Where(m => !m.IsClientStreaming && !m.IsServerStreaming && m.GetOptions()?.GetExtension(rule) is not null).ToList();
        var bindings = transcoded.Sum(m => 1 + m.GetOptions().GetExtension(rule).AdditionalBindings.Count);
        var operations = OpenApiDocuments.Operations(document);

        Assert.Equal(bindings, operations.Count);
        Assert.Equal(transcoded.Select(Name).Order(StringComparer.Ordinal), operations.Select(o => o.GrpcMethod).Distinct().Order(StringComparer.Ordinal));
        var grpcOnly = document["x-grpc-only"]!.AsArray().Select(g => g!["rpc"]!.GetValue<string>()).ToList();
        Assert.Equal(methods.Except(transcoded).Select(Name).Order(StringComparer.Ordinal), grpcOnly);
    }

    [Fact]
    public void WatchMetrics_is_stated_to_be_grpc_only()
    {
        var document = OpenApiDocuments.Committed("reporting");
        const string watch = "involvement.reporting.v1.MetricService/WatchMetrics";

        Assert.Contains(document["x-grpc-only"]!.AsArray(), g => g!["rpc"]!.GetValue<string>() == watch && g["reason"]!.GetValue<string>().StartsWith("streaming", StringComparison.Ordinal));
        Assert.Contains(watch, document["info"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(OpenApiDocuments.Operations(document), o => o.GrpcMethod == watch);
    }

    private static string Generate(string service) =>
        Document.Render(Document.Build(service, ServedMethods.Read(ServedMethods.HostAssembly(service))));

    private static string Name(Google.Protobuf.Reflection.MethodDescriptor method) => $"{method.Service.FullName}/{method.Name}";

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" ? [p.Value!.GetValue<string>()] : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex TemplateVariable();
}
