using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Involvement.ChartTests.Rendering;

/// <summary>
/// YAML to JSON as Helm and kubectl read manifests (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1, no target type): a
/// plain scalar is a null, bool, integer or float when it looks like one, anything quoted is a string. So an unquoted
/// <c>value: 8080</c> in an env var becomes a number, which the API server (and the model check here) refuses.
/// </summary>
public static partial class YamlJson
{
    public static JsonNode? Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode);
    }

    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => ToObject(map),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new YamlException(node.Start, node.End, $"unsupported YAML node {node.NodeType}"),
    };

    private static JsonObject ToObject(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = key is YamlScalarNode s ? Scalar(s)?.ToString() ?? "null" : throw new YamlException(key.Start, key.End, "a map key must be a scalar");
            if (!obj.TryAdd(name, ToJson(value)))
                throw new YamlException(key.Start, key.End, $"duplicate key '{name}'");
        }
        return obj;
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
            return JsonValue.Create(text);
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str")
            return JsonValue.Create(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON":
                return JsonValue.Create(true);
            case "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF":
                return JsonValue.Create(false);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF" or ".nan" or ".NaN" or ".NAN":
                return JsonValue.Create(text); // JSON has no infinity or NaN: sigs.k8s.io/yaml fails; keep it visible
        }
        var plain = text.Replace("_", "", StringComparison.Ordinal);
        if (DecimalInt().IsMatch(plain) && long.TryParse(plain, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            return JsonValue.Create(l);
        if (HexInt().IsMatch(plain))
            return JsonValue.Create(Convert.ToInt64(plain.TrimStart('+').Replace("0x", "", StringComparison.Ordinal), 16) * (plain.StartsWith('-') ? -1 : 1));
        if (OctalInt().IsMatch(plain))
            return JsonValue.Create(Convert.ToInt64(plain.TrimStart('+', '-'), 8) * (plain.StartsWith('-') ? -1 : 1));
        if (Float().IsMatch(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return JsonValue.Create(d);
        return JsonValue.Create(text);
    }

    [GeneratedRegex("^[-+]?(0|[1-9][0-9]*)$")]
    private static partial Regex DecimalInt();

    [GeneratedRegex("^[-+]?0x[0-9a-fA-F]+$")]
    private static partial Regex HexInt();

    [GeneratedRegex("^[-+]?0[0-7]+$")]
    private static partial Regex OctalInt();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
