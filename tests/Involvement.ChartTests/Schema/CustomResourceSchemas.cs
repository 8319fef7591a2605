using System.Text.Json.Nodes;
using NJsonSchema;

namespace Involvement.ChartTests.Schema;

/// <summary>
/// The operators' resources the chart may create, each checked against a trimmed, strict schema written from the
/// operator's published CRD (CustomResources/*.schema.json: only the fields a chart uses, no unknown ones).
/// </summary>
public static class CustomResourceSchemas
{
    private static readonly Dictionary<(string ApiVersion, string Kind), string> Files = new()
    {
        [("monitoring.coreos.com/v1", "ServiceMonitor")] = "servicemonitor.monitoring.coreos.com-v1",
        [("postgresql.cnpg.io/v1", "Cluster")] = "cluster.postgresql.cnpg.io-v1",
        [("rabbitmq.com/v1beta1", "RabbitmqCluster")] = "rabbitmqcluster.rabbitmq.com-v1beta1",
        [("rabbitmq.com/v1beta1", "User")] = "user.rabbitmq.com-v1beta1",
        [("rabbitmq.com/v1beta1", "Permission")] = "permission.rabbitmq.com-v1beta1",
        [("rabbitmq.com/v1beta1", "Vhost")] = "vhost.rabbitmq.com-v1beta1",
    };

    private static readonly Dictionary<string, JsonSchema> Loaded = [];
    private static readonly Lock Gate = new();

    public static bool IsKnown(string apiVersion, string kind) => Files.ContainsKey((apiVersion, kind));

    /// <summary>Null when valid; otherwise each problem with its path.</summary>
    public static string? Problem(JsonObject obj, string apiVersion, string kind)
    {
        var schema = Schema(Files[(apiVersion, kind)]);
        var errors = schema.Validate(obj.ToJsonString());
        return errors.Count == 0 ? null : string.Join("; ", errors.Select(Describe));
    }

    private static string Describe(NJsonSchema.Validation.ValidationError e) =>
        e is NJsonSchema.Validation.ChildSchemaValidationError child
            ? $"{e.Path}: {e.Kind} ({string.Join(", ", child.Errors.SelectMany(x => x.Value).Select(Describe))})"
            : $"{e.Path}: {e.Kind}";

    private static JsonSchema Schema(string name)
    {
        lock (Gate)
        {
            if (!Loaded.TryGetValue(name, out var schema))
            {
                var path = Path.Combine(AppContext.BaseDirectory, "CustomResources", name + ".schema.json");
                schema = JsonSchema.FromJsonAsync(File.ReadAllText(path)).GetAwaiter().GetResult();
                Loaded[name] = schema;
            }
            return schema;
        }
    }
}
