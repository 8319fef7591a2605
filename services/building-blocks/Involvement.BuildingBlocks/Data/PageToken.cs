using System.Text;
using Involvement.BuildingBlocks.Errors;

namespace Involvement.BuildingBlocks.Data;

/// <summary>
/// Cursor tokens for list RPCs: the last id of the previous page, opaque to callers and tagged with the list it
/// belongs to, so a token from one list is refused by another.
/// </summary>
public static class PageToken
{
    public static string Encode(string list, Guid lastId) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{list}:{lastId}"));

    /// <summary>The id a token carries, null for the first page; a token this list did not issue is a field violation.</summary>
    public static Guid? Decode(string? token, string list, RequestValidator v)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith(list + ":", StringComparison.Ordinal) && Guid.TryParse(text[(list.Length + 1)..], out var id))
            {
                return id;
            }
        }
        catch (FormatException)
        {
            // reported below
        }

        v.Add("page_token", "is not a token this list issued; pass next_page_token from the previous response, or nothing for the first page.");
        return null;
    }
}
