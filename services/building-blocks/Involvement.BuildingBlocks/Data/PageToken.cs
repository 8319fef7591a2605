using System.Text;
using Involvement.BuildingBlocks.Errors;

namespace Involvement.BuildingBlocks.Data;

/// <summary>
/// Cursor tokens for list RPCs: the last id of the previous page, opaque to callers and tagged with the list it
/// belongs to, so a token from one list is refused by another.
/// </summary>
public static class PageToken
{
    public static string Encode(string list, Guid lastId) => Encode(list, lastId.ToString());

    /// <summary>For a list ordered by a text key (training's modules, by code).</summary>
    public static string Encode(string list, string lastKey) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{list}:{lastKey}"));

    /// <summary>The id a token carries, null for the first page; a token this list did not issue is a field violation.</summary>
    public static Guid? Decode(string? token, string list, RequestValidator v)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (Key(token, list) is { } key && Guid.TryParse(key, out var id))
        {
            return id;
        }

        Refuse(v);
        return null;
    }

    /// <summary>The text key a token carries (see <see cref="Encode(string, string)"/>), null for the first page.</summary>
    public static string? DecodeKey(string? token, string list, RequestValidator v)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (Key(token, list) is { Length: > 0 } key)
        {
            return key;
        }

        Refuse(v);
        return null;
    }

    private static string? Key(string token, string list)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith(list + ":", StringComparison.Ordinal) ? text[(list.Length + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void Refuse(RequestValidator v) =>
        v.Add("page_token", "is not a token this list issued; pass next_page_token from the previous response, or nothing for the first page.");
}
