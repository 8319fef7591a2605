using System.Text.Json;
using Google.Protobuf.Reflection;

namespace Involvement.BuildingBlocks.Errors;

/// <summary>
/// Finds the first thing in a REST request body that cannot be the request message — JSON that does not parse, a value
/// of the wrong kind, an enum name the contract does not have — and names where it is, so the caller is told more than
/// "not correctly formatted". Deliberately lenient: it flags only what the transcoder would refuse anyway (numbers
/// may be strings, unknown fields and nulls are ignored, well-known types other than the time ones are not looked
/// into), so it never refuses a body the transcoder would read.
/// </summary>
internal static class JsonBodyCheck
{
    /// <summary>The problem as (field path by proto names, or "" for the whole body, and what is wrong); null when none is found.</summary>
    public static (string Field, string Problem)? FirstProblem(string body, MessageDescriptor message)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return ("", $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }

        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? InMessage(document.RootElement, message, "")
                : ("", "must be a JSON object: the request message.");
        }
    }

    private static (string, string)? InMessage(JsonElement json, MessageDescriptor message, string prefix)
    {
        foreach (var property in json.EnumerateObject())
        {
            var field = message.FindFieldByName(property.Name) ?? message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == property.Name);
            if (field is null || property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var path = prefix + field.Name;
            if (field.IsMap)
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    return (path, "must be a JSON object.");
                }
            }
            else if (field.IsRepeated)
            {
                if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    return (path, "must be a JSON array.");
                }

                var index = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    if (InValue(item, field, $"{path}[{index++}]") is { } problem)
                    {
                        return problem;
                    }
                }
            }
            else if (InValue(property.Value, field, path) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static (string, string)? InValue(JsonElement value, FieldDescriptor field, string path)
    {
        var kind = value.ValueKind;
        switch (field.FieldType)
        {
            case FieldType.String or FieldType.Bytes:
                return kind == JsonValueKind.String ? null : (path, "must be a string.");
            case FieldType.Bool:
                return kind is JsonValueKind.True or JsonValueKind.False ? null : (path, "must be true or false.");
            case FieldType.Enum:
                if (kind == JsonValueKind.Number || (kind == JsonValueKind.String && field.EnumType.FindValueByName(value.GetString()!) is not null))
                {
                    return null;
                }

                return (path, $"must be one of {string.Join(", ", field.EnumType.Values.Select(v => v.Name))}.");
            case FieldType.Message:
                return field.MessageType.FullName switch
                {
                    "google.protobuf.Timestamp" => kind == JsonValueKind.String ? null : (path, "must be an RFC 3339 string, e.g. \"2026-05-01T09:30:00Z\"."),
                    "google.protobuf.Duration" => kind == JsonValueKind.String ? null : (path, "must be a string of seconds, e.g. \"90s\"."),
                    var name when name.StartsWith("google.protobuf.", StringComparison.Ordinal) => null,
                    _ when kind != JsonValueKind.Object => (path, "must be a JSON object."),
                    _ => InMessage(value, field.MessageType, path + "."),
                };
            default:
                return kind is JsonValueKind.Number or JsonValueKind.String ? null : (path, "must be a number.");
        }
    }
}
