using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Policies;

/// <summary>The chart README's table of values is the one values-table.py writes from values.yaml and the schema.</summary>
public sealed class ValuesTableTests
{
    [Fact]
    public void The_chart_READMEs_table_lists_every_value_with_its_current_default_and_description()
    {
        var script = Path.Combine(RepositoryPaths.ChartDir, "scripts", "values-table.py");
        var result = ChartRenderer.Run("python3", [script, "--check"], TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0,
            $"deploy/helm/involvement/README.md's table is stale: run python3 {script}\n{result.Stdout}{result.Stderr}");
    }
}
