namespace Involvement.Recruitment.Matching;

/// <summary>
/// Keeps the pool's columns up to date as members change: each member has a slot, and a change rebuilds only the
/// chunks whose slots it touched. Not thread-safe: the pool calls it under its gate; the snapshots it returns are
/// safe to read from any thread.
/// </summary>
public sealed class PoolColumnsWriter
{
    private readonly KeyTable _keys = new();
    private readonly Dictionary<Guid, int> _slots = [];
    private readonly List<MatchProfile?[]> _members = [];
    private readonly List<PoolChunk> _chunks = [];
    private readonly Stack<int> _free = new();
    private int _nextSlot;

    /// <summary>Applies changes in order (a null member leaves the pool) and returns the pool as it now stands.</summary>
    public PoolColumns Apply(IEnumerable<(Guid MemberId, MatchProfile? Member)> changes)
    {
        var dirty = new SortedSet<int>();
        foreach (var (id, member) in changes)
        {
            if (member is null)
            {
                if (_slots.Remove(id, out var freed))
                {
                    _members[freed / PoolChunk.Capacity][freed % PoolChunk.Capacity] = null;
                    _free.Push(freed);
                    dirty.Add(freed / PoolChunk.Capacity);
                }

                continue;
            }

            if (!_slots.TryGetValue(id, out var slot))
            {
                slot = _free.Count > 0 ? _free.Pop() : _nextSlot++;
                _slots[id] = slot;
                if (slot / PoolChunk.Capacity == _members.Count)
                {
                    _members.Add(new MatchProfile?[PoolChunk.Capacity]);
                    _chunks.Add(null!);   // built below: its slot is dirty
                }
            }

            _members[slot / PoolChunk.Capacity][slot % PoolChunk.Capacity] = member;
            dirty.Add(slot / PoolChunk.Capacity);
        }

        foreach (var chunk in dirty)
        {
            _chunks[chunk] = new PoolChunk(_members[chunk], _keys);
        }

        return new PoolColumns([.. _chunks], _keys);
    }
}
