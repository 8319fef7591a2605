using System.Text.Json.Nodes;

namespace Involvement.ChartTests.Rendering;

/// <summary>A ci/ value set (or the chart's defaults alone) and the values Helm merges it into.</summary>
public sealed record ValueSet(string Name, string? File, JsonObject Values)
{
    public static readonly string[] Services = ["recruitment", "payments", "training", "reporting"];

    public static ValueSet Defaults() => new("values.yaml", null, ChartDefaults());

    public static ValueSet FromCiFile(string file) =>
        new(Path.GetFileName(file).Replace("-values.yaml", "", StringComparison.Ordinal), file,
            Coalesce(ReadValues(file), ChartDefaults()));

    public IEnumerable<string> EnabledServices => Services.Where(IsEnabled);

    public bool IsEnabled(string service) => Flag($"{service}.enabled");

    /// <summary>A boolean value; false when absent or not a boolean.</summary>
    public bool Flag(string path) => this[path] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>A number value, or null.</summary>
    public double? Number(string path) => this[path] is JsonValue v
        && double.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>A value as text (strings unquoted), or null.</summary>
    public string? Text(string path) => this[path]?.ToString();

    public JsonNode? this[string path] =>
        path.Split('.').Aggregate((JsonNode?)Values, (node, key) => node?[key]);

    public static JsonObject ChartDefaults() => ReadValues(Path.Combine(RepositoryPaths.ChartDir, "values.yaml"));

    public static JsonObject ReadValues(string file) =>
        YamlJson.Parse(System.IO.File.ReadAllText(file)) switch
        {
            JsonObject o => o,
            null => [],
            _ => throw new InvalidOperationException($"{file}: the top level is not a map"),
        };

    /// <summary>Helm's coalescing: the user's values over the chart's; maps merge; a user null deletes the default.</summary>
    public static JsonObject Coalesce(JsonObject user, JsonObject defaults)
    {
        var result = (JsonObject)user.DeepClone();
        foreach (var (key, value) in defaults)
        {
            if (!result.TryGetPropertyValue(key, out var mine))
                result[key] = value?.DeepClone();
            else if (mine is null)
                result.Remove(key);
            else if (mine is JsonObject m && value is JsonObject d)
                result[key] = Coalesce(m, d);
        }
        return result;
    }

    public override string ToString() => Name;
}
