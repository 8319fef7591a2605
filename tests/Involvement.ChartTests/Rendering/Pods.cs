using System.Text.Json.Nodes;

namespace Involvement.ChartTests.Rendering;

/// <summary>Reading pod templates: their spec, containers, labels and effective environment.</summary>
public static class Pods
{
    public static JsonObject? Template(Manifest workload) => workload.Json["spec"]?["template"] as JsonObject;

    public static JsonObject Spec(Manifest workload) => Template(workload)?["spec"] as JsonObject ?? [];

    public static IReadOnlyDictionary<string, string> Labels(Manifest workload) =>
        Manifest.StringMap(Template(workload)?["metadata"]?["labels"]);

    /// <summary>Every container, init containers included, with a name for messages.</summary>
    public static IEnumerable<(string Name, JsonObject Container)> Containers(Manifest workload)
    {
        var spec = Spec(workload);
        foreach (var c in spec["initContainers"].Objects())
            yield return ($"initContainer {c["name"]?.ToString()}", c);
        foreach (var c in spec["containers"].Objects())
            yield return ($"container {c["name"]?.ToString()}", c);
    }

    public static IEnumerable<JsonObject> MainContainers(Manifest workload) => Spec(workload)["containers"].Objects();

    /// <summary>A selector's matchLabels (or a Service's plain selector) matches these labels.</summary>
    public static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);

    /// <summary>A LabelSelector (matchLabels and matchExpressions) matches these labels.</summary>
    public static bool Matches(JsonNode? labelSelector, IReadOnlyDictionary<string, string> labels)
    {
        if (labelSelector is not JsonObject sel)
            return false;
        var matchLabels = Manifest.StringMap(sel["matchLabels"]);
        var expressions = sel["matchExpressions"].Objects().ToList();
        if (matchLabels.Count == 0 && expressions.Count == 0)
            return true; // {} selects every pod
        if (!matchLabels.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value))
            return false;
        foreach (var e in expressions)
        {
            var key = e["key"]?.ToString() ?? "";
            var values = e["values"].Strings().ToHashSet();
            var has = labels.TryGetValue(key, out var value);
            var ok = e["operator"]?.ToString() switch
            {
                "In" => has && values.Contains(value!),
                "NotIn" => !has || !values.Contains(value!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
                return false;
        }
        return true;
    }

    /// <summary>
    /// The environment a container starts with: envFrom ConfigMaps resolved from the rendered ones, then env; a
    /// secretKeyRef becomes <paramref name="secretPlaceholder"/>. Unresolvable references are listed in problems.
    /// </summary>
    public static Dictionary<string, string> Environment(Render render, JsonObject container, string secretPlaceholder, List<string> problems)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var from in container["envFrom"].Objects())
        {
            var prefix = from["prefix"]?.ToString() ?? "";
            if (from["configMapRef"]?["name"] is { } cmName)
            {
                var cm = FindConfigMap(render, cmName.ToString());
                if (cm is null)
                {
                    problems.Add($"envFrom ConfigMap '{cmName}' is not rendered by the chart");
                    continue;
                }
                foreach (var (k, v) in Manifest.StringMap(cm.Json["data"]))
                    env[prefix + k] = v;
            }
            else if (from["secretRef"] is not null)
            {
                problems.Add("envFrom secretRef: its keys cannot be known from the chart; use env with secretKeyRef");
            }
        }
        foreach (var e in container["env"].Objects())
        {
            var name = e["name"]?.ToString() ?? "";
            if (e["valueFrom"] is JsonObject from)
            {
                if (from["secretKeyRef"] is not null)
                    env[name] = secretPlaceholder;
                else if (from["configMapKeyRef"] is JsonObject cmRef)
                {
                    var cm = FindConfigMap(render, cmRef["name"]?.ToString() ?? "");
                    var key = cmRef["key"]?.ToString() ?? "";
                    if (cm is not null && Manifest.StringMap(cm.Json["data"]).TryGetValue(key, out var v))
                        env[name] = v;
                    else
                        problems.Add($"env {name}: configMapKeyRef {cmRef["name"]}/{key} is not rendered by the chart");
                }
                else if (from["fieldRef"] is not null || from["resourceFieldRef"] is not null)
                {
                    env[name] = "placeholder-from-field";
                }
            }
            else
            {
                env[name] = e["value"]?.ToString() ?? "";
            }
        }
        return env;
    }

    public static Manifest? FindConfigMap(Render render, string name) =>
        render.OfKind("ConfigMap").FirstOrDefault(c => c.Name == name);
}
