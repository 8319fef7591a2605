using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;

namespace Involvement.ChartTests.Schema;

/// <summary>
/// The official .NET client's models, read strictly: an unknown field at any level, a wrong type or an invalid quantity
/// fails with the JSON path. The options follow KubernetesJson's own (camelCase, string enums, its date and
/// time-span converters; IntOrString and ResourceQuantity carry their converters on the types) plus
/// <see cref="JsonUnmappedMemberHandling.Disallow"/>, and use reflection so the rule reaches every nested type.
/// </summary>
public static class KubernetesModels
{
    private static readonly Dictionary<(string ApiVersion, string Kind), Type> Types = new()
    {
        [("v1", "ServiceAccount")] = typeof(V1ServiceAccount),
        [("v1", "ConfigMap")] = typeof(V1ConfigMap),
        [("v1", "Secret")] = typeof(V1Secret),
        [("v1", "Service")] = typeof(V1Service),
        [("apps/v1", "Deployment")] = typeof(V1Deployment),
        [("batch/v1", "Job")] = typeof(V1Job),
        [("policy/v1", "PodDisruptionBudget")] = typeof(V1PodDisruptionBudget),
        [("autoscaling/v2", "HorizontalPodAutoscaler")] = typeof(V2HorizontalPodAutoscaler),
        [("networking.k8s.io/v1", "NetworkPolicy")] = typeof(V1NetworkPolicy),
    };

    private static readonly JsonSerializerOptions Strict = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new KubernetesJson.Iso8601TimeSpanConverter());
        options.Converters.Add(new KubernetesJson.KubernetesDateTimeConverter());
        options.Converters.Add(new KubernetesJson.KubernetesDateTimeOffsetConverter());
        return options;
    }

    public static bool IsCoreKind(string apiVersion, string kind) => Types.ContainsKey((apiVersion, kind));

    /// <summary>Null when the object reads cleanly into its model; otherwise what is wrong and where.</summary>
    public static string? Problem(JsonObject obj, string apiVersion, string kind)
    {
        var type = Types[(apiVersion, kind)];
        try
        {
            var model = JsonSerializer.Deserialize(obj.ToJsonString(), type, Strict);
            if (model is null)
                return "reads as null";
            return Validate(model);
        }
        catch (JsonException e)
        {
            return e.Message.Contains(" Path: ", StringComparison.Ordinal) ? e.Message : $"{e.Message} Path: {e.Path}";
        }
        catch (FormatException e)
        {
            return $"invalid value: {e.Message}";
        }
    }

    /// <summary>The models' own Validate() (required fields of nested types), where the generator emitted one.</summary>
    private static string? Validate(object model)
    {
        var validate = model.GetType().GetMethod("Validate", Type.EmptyTypes);
        try
        {
            validate?.Invoke(model, null);
            return null;
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            return $"{e.InnerException.GetType().Name}: {e.InnerException.Message}";
        }
    }
}
