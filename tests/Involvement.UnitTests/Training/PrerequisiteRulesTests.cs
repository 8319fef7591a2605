using Involvement.Training.Modules;

namespace Involvement.UnitTests.Training;

public sealed class PrerequisiteRulesTests
{
    private static Dictionary<string, IReadOnlyCollection<string>> Graph(params (string Module, string[] Prerequisites)[] edges) =>
        edges.ToDictionary(e => e.Module, e => (IReadOnlyCollection<string>)e.Prerequisites);

    [Fact]
    public void A_chain_without_a_way_back_is_no_cycle()
    {
        var graph = Graph(("b", ["c"]), ("c", ["d"]));

        Assert.Null(PrerequisiteRules.FindCycle("a", ["b"], graph));
    }

    [Fact]
    public void A_diamond_is_no_cycle()
    {
        // a needs b and c; both need d
        var graph = Graph(("b", ["d"]), ("c", ["d"]));

        Assert.Null(PrerequisiteRules.FindCycle("a", ["b", "c"], graph));
    }

    [Fact]
    public void A_direct_cycle_is_found()
    {
        var graph = Graph(("b", ["a"]));

        Assert.Equal(["a", "b", "a"], PrerequisiteRules.FindCycle("a", ["b"], graph));
    }

    [Fact]
    public void A_cycle_through_a_chain_names_every_module_on_it()
    {
        var graph = Graph(("b", ["c"]), ("c", ["d"]), ("d", ["a"]), ("x", ["a"]));

        var chain = PrerequisiteRules.FindCycle("a", ["x", "b"], graph);

        Assert.Equal(["a", "b", "c", "d", "a"], chain);
        Assert.Equal("a → b → c → d → a", PrerequisiteRules.Describe(chain!));
    }

    [Fact]
    public void A_module_naming_itself_is_a_cycle()
    {
        Assert.Equal(["a", "a"], PrerequisiteRules.FindCycle("a", ["a"], Graph()));
    }

    [Fact]
    public void Only_a_way_back_to_the_module_itself_is_a_cycle()
    {
        // a needs b, b needs c: c may need something new, but not a
        var graph = Graph(("a", ["b"]), ("b", ["c"]));

        Assert.Null(PrerequisiteRules.FindCycle("c", ["d"], graph));
        Assert.Equal(["c", "a", "b", "c"], PrerequisiteRules.FindCycle("c", ["a"], graph));
    }
}
