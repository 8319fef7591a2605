namespace Involvement.ChartTests.Rendering;

/// <summary>Where the repository, the chart and its ci/ value sets are.</summary>
public static class RepositoryPaths
{
    /// <summary>Set to test another copy of the chart (e.g. a work tree being written); default: this repository's.</summary>
    public const string ChartDirVariable = "INVOLVEMENT_CHART_DIR";

    public static string Root { get; } = FindRoot();

    public static string ChartDir { get; } = Path.GetFullPath(
        Environment.GetEnvironmentVariable(ChartDirVariable) is { Length: > 0 } dir
            ? dir
            : Path.Combine(Root, "deploy", "helm", "involvement"));

    /// <summary>ci/*-values.yaml, by file name.</summary>
    public static IReadOnlyList<string> CiValueFiles() =>
        Directory.Exists(Path.Combine(ChartDir, "ci"))
            ? Directory.GetFiles(Path.Combine(ChartDir, "ci"), "*-values.yaml").Order(StringComparer.Ordinal).ToList()
            : [];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Involvement.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No Involvement.sln above {AppContext.BaseDirectory}");
    }
}
