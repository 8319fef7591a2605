namespace Involvement.Recruitment.Matching;

/// <summary>
/// One consistent view of the pool, column-wise (see <see cref="PoolChunk"/>), for matches to scan. Never changes once
/// made: the pool's next refresh makes a new one that shares every chunk it did not touch.
/// </summary>
public sealed class PoolColumns
{
    public PoolColumns(IReadOnlyList<PoolChunk> chunks, KeyTable keys)
    {
        Chunks = chunks;
        Keys = keys;
        Count = chunks.Sum(c => c.Count);
    }

    public IReadOnlyList<PoolChunk> Chunks { get; }

    public KeyTable Keys { get; }

    /// <summary>Members in the pool.</summary>
    public int Count { get; }

    public static PoolColumns Of(IEnumerable<MatchProfile> members) =>
        new PoolColumnsWriter().Apply(members.Select(m => (m.MemberId, (MatchProfile?)m)));
}
