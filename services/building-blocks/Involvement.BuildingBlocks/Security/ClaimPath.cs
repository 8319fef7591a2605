using System.Text.Json;

namespace Involvement.BuildingBlocks.Security;

/// <summary>
/// A claim named by a dotted path into a token's payload (<c>realm_access.roles</c>,
/// <c>resource_access.involvement.roles</c>): how providers other than Entra ID nest roles.
/// </summary>
public static class ClaimPath
{
    /// <summary>
    /// The string values at <paramref name="path"/>: a string gives one, an array its strings; anything else none.
    /// A name that itself holds dots (a client id such as <c>involvement.api</c>) is matched whole before it is split.
    /// </summary>
    public static IReadOnlyList<string> Read(JsonElement payload, string path)
    {
        var segments = path.Split('.');
        return Find(payload, segments) is { } value ? StringsOf(value) : [];
    }

    /// <summary>
    /// The top-level claim name and value that put <paramref name="value"/> at <paramref name="path"/>, nesting an
    /// object per further segment: how development tokens carry roles where the provider's would.
    /// </summary>
    public static KeyValuePair<string, object> Nest(string path, object value)
    {
        var segments = path.Split('.');
        var nested = value;
        for (var i = segments.Length - 1; i > 0; i--)
        {
            nested = new Dictionary<string, object> { [segments[i]] = nested };
        }

        return new(segments[0], nested);
    }

    private static JsonElement? Find(JsonElement node, ReadOnlySpan<string> segments)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        // Longest name first, so "resource_access.involvement.api.roles" finds a client named "involvement.api".
        for (var take = segments.Length; take > 0; take--)
        {
            if (node.TryGetProperty(string.Join('.', segments[..take].ToArray()), out var child))
            {
                return take == segments.Length ? child : Find(child, segments[take..]);
            }
        }

        return null;
    }

    private static string[] StringsOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray(),
        _ => [],
    };
}
