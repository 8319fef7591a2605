using System.Text.Json.Nodes;
using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Schema;

/// <summary>The checkers themselves: they refuse what the API server refuses, so a passing chart means something.</summary>
public sealed class StrictReadingTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              containers:
                - name: x
                  image: r/x:1
                  resources: {limits: {cpu: "1", memory: 512Mi}}
                  ports: [{name: grpc, containerPort: 8080}]
                  livenessProbe: {grpc: {port: 8080, service: liveness}}
        """;

    [Fact]
    public void A_valid_deployment_reads()
    {
        Assert.Null(KubernetesModels.Problem(Parse(Deployment), "apps/v1", "Deployment"));
    }

    [Fact]
    public void An_unknown_nested_field_is_refused_with_its_path()
    {
        var problem = KubernetesModels.Problem(Parse(Deployment.Replace("name: x\n          image", "name: x\n          imagee: y\n          image", StringComparison.Ordinal)), "apps/v1", "Deployment");
        Assert.NotNull(problem);
        Assert.Contains("imagee", problem, StringComparison.Ordinal);
        Assert.Contains("$.spec.template.spec.containers[0]", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unquoted_number_in_a_string_field_is_refused()
    {
        var problem = KubernetesModels.Problem(Parse(Deployment.Replace("image: r/x:1", "image: r/x:1\n          env: [{name: PORT, value: 8080}]", StringComparison.Ordinal)), "apps/v1", "Deployment");
        Assert.NotNull(problem);
        Assert.Contains("env[0].value", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_quantity_is_refused()
    {
        Assert.NotNull(KubernetesModels.Problem(Parse(Deployment.Replace("512Mi", "lots", StringComparison.Ordinal)), "apps/v1", "Deployment"));
    }

    [Fact]
    public void A_custom_resource_with_an_unknown_field_is_refused()
    {
        var permission = Parse("""
            apiVersion: rabbitmq.com/v1beta1
            kind: Permission
            metadata: {name: p}
            spec:
              vhost: /
              user: reporting
              permissions: {configure: "^x$", write: "^x$", read: "^x$", admin: ".*"}
              rabbitmqClusterReference: {name: r}
            """);
        var problem = CustomResourceSchemas.Problem(permission, "rabbitmq.com/v1beta1", "Permission");
        Assert.NotNull(problem);
        Assert.Contains("admin", problem, StringComparison.Ordinal);
    }

    private static JsonObject Parse(string yaml) => (JsonObject)YamlJson.Parse(yaml)!;
}
