using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Involvement.FunctionalTests.OpenApi;

/// <summary>
/// A strict check of a JSON value against the subset of OpenAPI 3.0 schema the generator writes: $ref, type, format,
/// enum, nullable, required, properties, additionalProperties, items, minimum, maximum, pattern. A keyword it does not
/// know is itself a problem, so the generator cannot start writing something this check silently ignores.
/// </summary>
public static partial class SchemaConformance
{
    private static readonly HashSet<string> Annotations = ["description", "example", "x-oneof"];

    public static IReadOnlyList<string> Problems(JsonObject document, JsonNode schema, JsonNode? value)
    {
        var problems = new List<string>();
        Check(document, schema.AsObject(), value, "$", problems);
        return problems;
    }

    private static void Check(JsonObject document, JsonObject schema, JsonNode? value, string at, List<string> problems)
    {
        if (schema["$ref"] is { } reference)
        {
            var target = OpenApiDocuments.Resolve(document, reference.GetValue<string>());
            if (target is null)
            {
                problems.Add($"{at}: unresolved {reference}");
                return;
            }

            Check(document, target.AsObject(), value, at, problems);
            return;
        }

        foreach (var keyword in schema.Select(p => p.Key).Where(k => !Known(k)))
        {
            problems.Add($"{at}: schema keyword '{keyword}' is not one this check understands");
        }

        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true)
            {
                problems.Add($"{at}: null where the schema is not nullable");
            }

            return;
        }

        var kind = value.GetValueKind();
        if (schema["type"]?.GetValue<string>() is { } type && !IsType(value, kind, type))
        {
            problems.Add($"{at}: {kind} where the schema says {type}");
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            problems.Add($"{at}: {value.ToJsonString()} is not one of the enum's values");
        }

        if (schema["format"]?.GetValue<string>() is { } format && !HasFormat(value, format))
        {
            problems.Add($"{at}: {value.ToJsonString()} is not in format {format}");
        }

        if (schema["pattern"]?.GetValue<string>() is { } pattern && kind == JsonValueKind.String && !Regex.IsMatch(value.GetValue<string>(), pattern))
        {
            problems.Add($"{at}: {value.ToJsonString()} does not match {pattern}");
        }

        if (kind == JsonValueKind.Number)
        {
            var number = value.GetValue<decimal>();
            if (schema["minimum"] is { } min && number < min.GetValue<decimal>() || schema["maximum"] is { } max && number > max.GetValue<decimal>())
            {
                problems.Add($"{at}: {number} is out of the schema's range");
            }
        }

        if (value is JsonArray array && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(document, items, array[i], $"{at}[{i}]", problems);
            }
        }

        if (value is JsonObject obj)
        {
            CheckObject(document, schema, obj, at, problems);
        }
    }

    private static void CheckObject(JsonObject document, JsonObject schema, JsonObject value, string at, List<string> problems)
    {
        var properties = schema["properties"]?.AsObject();
        foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
        {
            if (!value.ContainsKey(required))
            {
                problems.Add($"{at}: required property '{required}' is missing");
            }
        }

        foreach (var (name, member) in value)
        {
            if (properties?[name] is JsonObject property)
            {
                Check(document, property, member, $"{at}.{name}", problems);
            }
            else if (schema["additionalProperties"] is JsonObject additional)
            {
                Check(document, additional, member, $"{at}.{name}", problems);
            }
            else if (schema["additionalProperties"]?.GetValue<bool>() != true)
            {
                problems.Add($"{at}: property '{name}' is not in the schema");
            }
        }
    }

    private static bool Known(string keyword) =>
        keyword is "type" or "format" or "enum" or "nullable" or "required" or "properties" or "additionalProperties"
            or "items" or "minimum" or "maximum" or "pattern" || Annotations.Contains(keyword);

    private static bool IsType(JsonNode value, JsonValueKind kind, string type) => type switch
    {
        "object" => kind == JsonValueKind.Object,
        "array" => kind == JsonValueKind.Array,
        "string" => kind == JsonValueKind.String,
        "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
        "number" => kind == JsonValueKind.Number,
        "integer" => kind == JsonValueKind.Number && decimal.IsInteger(value.GetValue<decimal>()),
        _ => false,
    };

    private static bool HasFormat(JsonNode value, string format) => format switch
    {
        "int32" => decimal.IsInteger(value.GetValue<decimal>()) && value.GetValue<decimal>() is >= int.MinValue and <= int.MaxValue,
        "int64" => long.TryParse(value.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        "uint64" => ulong.TryParse(value.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out _),
        "double" or "float" => value.GetValueKind() == JsonValueKind.Number,
        "byte" => Convert.TryFromBase64String(value.GetValue<string>(), new byte[value.GetValue<string>().Length], out _),
        "date-time" => RfcDateTime().IsMatch(value.GetValue<string>())
            && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ => false,
    };

    // RFC 3339 as the proto3 JSON mapping writes a Timestamp: "2026-03-14T10:00:00Z", with 0, 3, 6 or 9 fraction digits.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex RfcDateTime();
}
