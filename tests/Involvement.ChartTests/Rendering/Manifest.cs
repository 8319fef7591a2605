using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Involvement.ChartTests.Rendering;

/// <summary>One rendered Kubernetes object, its template file and its JSON.</summary>
public sealed partial record Manifest(string Source, JsonObject Json)
{
    public string ApiVersion => Json["apiVersion"]?.ToString() ?? "";
    public string Kind => Json["kind"]?.ToString() ?? "";
    public string Name => Json["metadata"]?["name"]?.ToString() ?? "";

    public IReadOnlyDictionary<string, string> Labels => StringMap(Json["metadata"]?["labels"]);
    public IReadOnlyDictionary<string, string> Annotations => StringMap(Json["metadata"]?["annotations"]);

    /// <summary>app.kubernetes.io/name: the service an object belongs to.</summary>
    public string? Service => Labels.GetValueOrDefault("app.kubernetes.io/name");

    public bool IsHook => Annotations.ContainsKey("helm.sh/hook");

    public IReadOnlyList<string> Hooks =>
        Annotations.GetValueOrDefault("helm.sh/hook")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];

    public int HookWeight => int.TryParse(Annotations.GetValueOrDefault("helm.sh/hook-weight"), out var w) ? w : 0;

    /// <summary>"Deployment/involvement-reporting (involvement/templates/deployment.yaml)".</summary>
    public override string ToString() => $"{Kind}/{Name} ({Source})";

    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node) =>
        node is JsonObject obj
            ? obj.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>();

    /// <summary>Splits `helm template` output ("---" + "# Source: ..." + document) into objects.</summary>
    public static IReadOnlyList<Manifest> ParseAll(string output)
    {
        var result = new List<Manifest>();
        foreach (var chunk in DocumentSeparator().Split(output))
        {
            var source = SourceLine().Match(chunk) is { Success: true } m ? m.Groups[1].Value.Trim() : "(no source)";
            JsonNode? node;
            try
            {
                node = YamlJson.Parse(chunk);
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw new InvalidOperationException($"{source}: not YAML: {e.Message}\n{chunk}", e);
            }
            if (node is null)
                continue;
            if (node is not JsonObject obj)
                throw new InvalidOperationException($"{source}: a document is not a map:\n{chunk}");
            result.Add(new Manifest(source, obj));
        }
        return result;
    }

    [GeneratedRegex(@"^---[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();

    [GeneratedRegex(@"^# Source: (.*)$", RegexOptions.Multiline)]
    private static partial Regex SourceLine();
}
