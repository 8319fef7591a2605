namespace Involvement.Training.Modules;

/// <summary>Prerequisites form a graph of modules that must never lead back to where it started.</summary>
public static class PrerequisiteRules
{
    /// <summary>
    /// The chain a module's new prerequisites would close into a cycle (e.g. <c>a, b, c, a</c>: a needs b, b needs
    /// c, c needs a), or null. <paramref name="existing"/> is the catalogue's current graph (module → its
    /// prerequisites); the module's own entry there is replaced by <paramref name="prerequisites"/>.
    /// </summary>
    public static IReadOnlyList<string>? FindCycle(
        string module, IReadOnlyCollection<string> prerequisites, IReadOnlyDictionary<string, IReadOnlyCollection<string>> existing)
    {
        var explored = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string> { module };
        return prerequisites.Order(StringComparer.Ordinal).Any(p => Reaches(p)) ? path : null;

        // Depth first from each prerequisite: reaching the module again closes the cycle recorded in path.
        bool Reaches(string code)
        {
            path.Add(code);
            if (code == module)
            {
                return true;
            }

            if (explored.Add(code) && existing.TryGetValue(code, out var next))
            {
                foreach (var n in next.Order(StringComparer.Ordinal))
                {
                    if (Reaches(n))
                    {
                        return true;
                    }
                }
            }

            path.RemoveAt(path.Count - 1);
            return false;
        }
    }

    /// <summary>A chain as people read it: <c>a → b → a</c>.</summary>
    public static string Describe(IReadOnlyList<string> chain) => string.Join(" → ", chain);
}
