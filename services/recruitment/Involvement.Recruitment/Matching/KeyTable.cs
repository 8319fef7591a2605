using System.Collections.Concurrent;

namespace Involvement.Recruitment.Matching;

/// <summary>
/// Small ints for the pool's text keys (care groups, localities, interests, services, modules, equality groups), so a
/// match compares ints rather than strings. One writer at a time (the pool's refresh, under its gate) adds keys while
/// any number of matches look them up; ids are never reused, so an id a snapshot holds always names the same key.
/// </summary>
public sealed class KeyTable
{
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<EqualityGroup, int> _groups = new();
    private volatile string[] _keys = new string[256];
    private volatile int _count;

    /// <summary>Ids below this are taken; a snapshot published before this was read holds no id above it.</summary>
    public int Count => _count;

    /// <summary>The key's id, adding it if new. Only the writer calls this.</summary>
    public int Intern(string key)
    {
        if (_ids.TryGetValue(key, out var id))
        {
            return id;
        }

        id = _count;
        var keys = _keys;
        if (id == keys.Length)
        {
            // Readers may hold the old array; they only read ids it already has.
            Array.Resize(ref keys, keys.Length * 2);
        }

        keys[id] = key;
        _keys = keys;
        _ids[key] = id;
        _count = id + 1;
        return id;
    }

    /// <summary>The key's id, or <paramref name="absent"/> when no member has ever had it.</summary>
    public int IdOf(string? key, int absent) => key is not null && _ids.TryGetValue(key, out var id) ? id : absent;

    public string KeyOf(int id) => _keys[id];

    /// <summary>An equality group's id (in the same numbering as text keys), adding it if new. Only the writer calls this.</summary>
    public int Intern(EqualityGroup group)
    {
        if (!_groups.TryGetValue(group, out var id))
        {
            _groups[group] = id = Intern(group.Question + "\n" + group.Answer);
        }

        return id;
    }

    public int IdOf(EqualityGroup group, int absent) => _groups.TryGetValue(group, out var id) ? id : absent;
}
