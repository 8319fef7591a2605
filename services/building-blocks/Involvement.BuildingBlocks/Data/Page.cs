namespace Involvement.BuildingBlocks.Data;

/// <summary>One page of a list: its items and the token for the next page, empty on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string NextPageToken)
{
    public Page<TOut> Select<TOut>(Func<T, TOut> map) => new([.. Items.Select(map)], NextPageToken);
}

public static class Page
{
    /// <summary>
    /// The page from rows read with <c>limit pageSize + 1</c>: the extra row only tells that another page follows,
    /// whose token carries the id of this page's last row.
    /// </summary>
    public static Page<T> Of<T>(IReadOnlyList<T> rows, int pageSize, string list, Func<T, Guid> id) =>
        rows.Count > pageSize
            ? new([.. rows.Take(pageSize)], PageToken.Encode(list, id(rows[pageSize - 1])))
            : new(rows, "");

    /// <summary>The same, for a list ordered by a text key.</summary>
    public static Page<T> Of<T>(IReadOnlyList<T> rows, int pageSize, string list, Func<T, string> key) =>
        rows.Count > pageSize
            ? new([.. rows.Take(pageSize)], PageToken.Encode(list, key(rows[pageSize - 1])))
            : new(rows, "");
}
