using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;

namespace Involvement.OpenApi;

/// <summary>
/// OpenAPI 3.0 schemas for protobuf messages as the proto3 JSON mapping writes them (what JSON transcoding sends and
/// reads): lowerCamelCase names, 64-bit integers as strings, enums by value name, well-known types in their JSON forms.
/// Messages and enums become named components (by full proto name) the first time they are reached.
/// </summary>
public sealed class Schemas
{
    public const string AnyName = "google.protobuf.Any";

    private readonly SortedDictionary<string, JsonObject> _components = new(StringComparer.Ordinal);

    /// <summary>Every component reached so far, sorted by name.</summary>
    public IReadOnlyDictionary<string, JsonObject> Components => _components;

    public static JsonObject RefTo(string component) => new() { ["$ref"] = $"#/components/schemas/{component}" };

    /// <summary>A field's schema, repeated and map fields included.</summary>
    public JsonNode Field(FieldDescriptor field)
    {
        if (field.IsMap)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = Single(field.MessageType.FindFieldByNumber(2)) };
        }

        return field.IsRepeated ? new JsonObject { ["type"] = "array", ["items"] = Single(field) } : Single(field);
    }

    /// <summary>A reference to a message's component (made if new), or the inline JSON form of a well-known type.</summary>
    public JsonNode Message(MessageDescriptor message)
    {
        if (WellKnown(message.FullName) is { } inline)
        {
            return inline;
        }

        if (!_components.ContainsKey(message.FullName))
        {
            _components[message.FullName] = new JsonObject();   // claimed first: a message may reach itself
            _components[message.FullName] = message.FullName == AnyName ? AnySchema() : ObjectOf(message, new HashSet<string>());
        }

        return RefTo(message.FullName);
    }

    /// <summary>A message's object schema without the given top-level fields (those a request binds in its path).</summary>
    public JsonObject ObjectOf(MessageDescriptor message, IReadOnlySet<string> omit)
    {
        var properties = new JsonObject();
        foreach (var field in message.Fields.InDeclarationOrder().Where(f => !omit.Contains(f.Name)))
        {
            properties[field.JsonName] = Field(field);
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = false };
        // Real oneofs only (proto3 optional makes a synthetic one): at most one member is set, the others left out.
        var oneofs = message.Oneofs.Where(o => !o.IsSynthetic).ToList();
        if (oneofs.Count > 0)
        {
            schema["x-oneof"] = new JsonObject(oneofs.Select(o => KeyValuePair.Create<string, JsonNode?>(
                o.Name, new JsonArray(o.Fields.Where(f => !omit.Contains(f.Name)).Select(f => (JsonNode)f.JsonName).ToArray()))));
        }

        return schema;
    }

    /// <summary>A well-known type whose JSON form is a single string, number or boolean (Timestamp, wrappers...).</summary>
    public static bool IsJsonScalar(MessageDescriptor message) =>
        WellKnown(message.FullName) is { } schema && schema["type"]?.GetValue<string>() is "string" or "number" or "integer" or "boolean";

    private JsonNode Single(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Double => Scalar("number", "double"),
        FieldType.Float => Scalar("number", "float"),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Scalar("string", "int64"),
        FieldType.UInt64 or FieldType.Fixed64 => Scalar("string", "uint64"),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Scalar("integer", "int32"),
        FieldType.UInt32 or FieldType.Fixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0, ["maximum"] = uint.MaxValue },
        FieldType.Bool => new JsonObject { ["type"] = "boolean" },
        FieldType.String => new JsonObject { ["type"] = "string" },
        FieldType.Bytes => Scalar("string", "byte"),
        FieldType.Enum => Enum(field.EnumType),
        FieldType.Message or FieldType.Group => Message(field.MessageType),
        _ => throw new InvalidOperationException($"Field type {field.FieldType} of {field.FullName} has no JSON mapping here."),
    };

    private JsonObject Enum(EnumDescriptor type)
    {
        if (type.FullName == "google.protobuf.NullValue")
        {
            return new JsonObject { ["nullable"] = true };
        }

        if (!_components.ContainsKey(type.FullName))
        {
            _components[type.FullName] = new JsonObject
            {
                ["type"] = "string",
                ["enum"] = new JsonArray(type.Values.OrderBy(v => v.Number).Select(v => (JsonNode)v.Name).ToArray()),
            };
        }

        return RefTo(type.FullName);
    }

    private static JsonObject Scalar(string type, string format) => new() { ["type"] = type, ["format"] = format };

    private static JsonObject Nullable(JsonObject schema)
    {
        schema["nullable"] = true;
        return schema;
    }

    private static JsonObject? WellKnown(string fullName) => fullName switch
    {
        "google.protobuf.Timestamp" => Scalar("string", "date-time"),
        // Seconds with up to nine fractional digits and an "s", e.g. "1.5s".
        "google.protobuf.Duration" => new JsonObject { ["type"] = "string", ["pattern"] = @"^-?[0-9]+(\.[0-9]{1,9})?s$" },
        "google.protobuf.FieldMask" => new JsonObject { ["type"] = "string" },
        "google.protobuf.Struct" => new JsonObject { ["type"] = "object", ["additionalProperties"] = true },
        "google.protobuf.Value" => new JsonObject { ["nullable"] = true },
        "google.protobuf.ListValue" => new JsonObject { ["type"] = "array", ["items"] = new JsonObject() },
        "google.protobuf.DoubleValue" => Nullable(Scalar("number", "double")),
        "google.protobuf.FloatValue" => Nullable(Scalar("number", "float")),
        "google.protobuf.Int64Value" => Nullable(Scalar("string", "int64")),
        "google.protobuf.UInt64Value" => Nullable(Scalar("string", "uint64")),
        "google.protobuf.Int32Value" => Nullable(Scalar("integer", "int32")),
        "google.protobuf.UInt32Value" => Nullable(new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0, ["maximum"] = uint.MaxValue }),
        "google.protobuf.BoolValue" => Nullable(new JsonObject { ["type"] = "boolean" }),
        "google.protobuf.StringValue" => Nullable(new JsonObject { ["type"] = "string" }),
        "google.protobuf.BytesValue" => Nullable(Scalar("string", "byte")),
        _ => null,
    };

    // Any: the packed message's own fields beside "@type", its type URL.
    private static JsonObject AnySchema() => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("@type"),
        ["properties"] = new JsonObject
        {
            ["@type"] = new JsonObject { ["type"] = "string", ["example"] = "type.googleapis.com/google.rpc.BadRequest" },
        },
        ["additionalProperties"] = true,
    };
}
