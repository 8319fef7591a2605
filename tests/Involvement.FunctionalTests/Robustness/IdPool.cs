using System.Text;
using System.Text.RegularExpressions;

namespace Involvement.FunctionalTests.Robustness;

/// <summary>
/// Ids the host has handed out, gathered from its responses, so later random requests name things that exist and
/// reach past "not found" into the rules behind it.
/// </summary>
public sealed partial class IdPool
{
    private readonly List<string> _ids = [];
    private readonly HashSet<string> _seen = [];

    public int Count => _ids.Count;

    public void Add(string id)
    {
        if (_seen.Add(id))
        {
            _ids.Add(id);
        }
    }

    /// <summary>Every UUID in a response's bytes (ids travel as text in these contracts).</summary>
    public void Harvest(byte[] response)
    {
        foreach (Match match in Uuid().Matches(Encoding.Latin1.GetString(response)))
        {
            Add(match.Value);
        }
    }

    public string Pick(Random random) => _ids[random.Next(_ids.Count)];

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();
}
