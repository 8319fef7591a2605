using System.Text.Json.Nodes;

namespace Involvement.ChartTests.Rendering;

/// <summary>The cluster a render pretends to target and whether it installs or upgrades.</summary>
public enum RenderVariant
{
    /// <summary>Install on a cluster without the Prometheus operator.</summary>
    Install,

    /// <summary>Install on a cluster that serves monitoring.coreos.com/v1.</summary>
    InstallWithMonitoring,

    /// <summary>Upgrade on a cluster that serves monitoring.coreos.com/v1.</summary>
    Upgrade,
}

/// <summary>One ci/ value set rendered one way, as objects.</summary>
public sealed record Render(ValueSet Set, RenderVariant Variant, IReadOnlyList<Manifest> Objects)
{
    public const string MonitoringApi = "monitoring.coreos.com/v1";

    public bool HasMonitoringApi => Variant != RenderVariant.Install;

    public IEnumerable<Manifest> OfKind(string kind) => Objects.Where(o => o.Kind == kind);

    public IEnumerable<Manifest> Deployments => OfKind("Deployment");

    /// <summary>Everything that runs pods: Deployments and the migration Jobs.</summary>
    public IEnumerable<Manifest> Workloads => Objects.Where(o => o.Kind is "Deployment" or "Job" or "StatefulSet" or "DaemonSet");

    public override string ToString() => $"ci set '{Set.Name}' ({Variant})";
}

/// <summary>
/// Builds the renderer once and renders every ci/*-values.yaml three ways (install without and with the Prometheus
/// operator's API, upgrade with it). A set that fails to render is kept as a failure for <see cref="RenderTests"/>.
/// </summary>
public sealed class ChartFixture
{
    public ChartFixture()
    {
        Renderer = ChartRenderer.Create();
        var sets = RepositoryPaths.CiValueFiles().Select(ValueSet.FromCiFile).ToList();
        Sets = sets;
        var renders = new List<Render>();
        var failures = new List<string>();
        foreach (var set in sets)
        {
            // An upgrade finds in the cluster what the install made (the variants run in order, install first).
            var installed = Path.GetTempFileName();
            foreach (var variant in Enum.GetValues<RenderVariant>())
            {
                var request = new RenderRequest(
                    [set.File!],
                    variant == RenderVariant.Install ? [] : [Render.MonitoringApi],
                    variant == RenderVariant.Upgrade,
                    variant == RenderVariant.Upgrade ? installed : null);
                var result = Renderer.Render(request);
                if (variant == RenderVariant.InstallWithMonitoring && result.ExitCode == 0)
                    File.WriteAllText(installed, result.Stdout);
                if (result.ExitCode != 0)
                {
                    failures.Add($"ci set '{set.Name}' ({variant}): exit {result.ExitCode}\n{result.Stderr.Trim()}");
                    continue;
                }
                try
                {
                    renders.Add(new Render(set, variant, Manifest.ParseAll(result.Stdout)));
                }
                catch (InvalidOperationException e)
                {
                    failures.Add($"ci set '{set.Name}' ({variant}): {e.Message}");
                }
            }
            File.Delete(installed);
        }
        Renders = renders;
        RenderFailures = failures;
    }

    public ChartRenderer Renderer { get; }

    public IReadOnlyList<ValueSet> Sets { get; }

    public IReadOnlyList<Render> Renders { get; }

    public IReadOnlyList<string> RenderFailures { get; }

    /// <summary>The renders a policy is checked on: every set, every way (failing sets are reported elsewhere).</summary>
    public IReadOnlyList<Render> All
    {
        get
        {
            Assert.True(Sets.Count > 0, $"no ci/*-values.yaml in {RepositoryPaths.ChartDir}");
            Assert.True(Renders.Count > 0, "no ci set rendered:\n" + string.Join("\n\n", RenderFailures));
            return Renders;
        }
    }

    /// <summary>One render per set (install, with the monitoring API), for checks that do not vary by cluster.</summary>
    public IEnumerable<Render> OnePerSet => All.Where(r => r.Variant == RenderVariant.InstallWithMonitoring);

    /// <summary>Renders a ci set with more values layered on top (YAML text), for a rule about one value.</summary>
    public RenderResult RenderOverriding(string ciFile, string overridingYaml)
    {
        var file = Path.Combine(Path.GetTempPath(), $"chart-values-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, overridingYaml);
        try
        {
            return Renderer.Render(new RenderRequest([ciFile, file], [], Upgrade: false));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary><see cref="RenderOverriding"/>, which must succeed, as objects.</summary>
    public Render RenderedOverriding(string ciFile, string overridingYaml)
    {
        var result = RenderOverriding(ciFile, overridingYaml);
        Assert.True(result.ExitCode == 0, $"{Path.GetFileName(ciFile)} with\n{overridingYaml}failed to render:\n{result.Stderr}");
        return new Render(ValueSet.FromCiFile(ciFile), RenderVariant.Install, Manifest.ParseAll(result.Stdout));
    }
}

[CollectionDefinition(Name)]
public sealed class ChartCollection : ICollectionFixture<ChartFixture>
{
    public const string Name = "chart";
}

/// <summary>Collects every breach of one rule over all renders, then fails once naming the rule, set and object.</summary>
public sealed class Violations(string rule)
{
    private readonly List<string> _found = [];

    public void Add(Render render, Manifest? obj, string detail) =>
        _found.Add(obj is null ? $"{render}: {detail}" : $"{render}: {obj}: {detail}");

    public void Add(string where, string detail) => _found.Add($"{where}: {detail}");

    public void AssertNone() =>
        Assert.True(_found.Count == 0,
            $"rule '{rule}' broken {_found.Count} time(s):\n  " + string.Join("\n  ", _found.Distinct().Take(60)));
}

internal static class JsonExtensions
{
    public static IEnumerable<JsonObject> Objects(this JsonNode? node) =>
        node is JsonArray a ? a.OfType<JsonObject>() : [];

    public static IEnumerable<string> Strings(this JsonNode? node) =>
        node is JsonArray a ? a.Select(x => x?.ToString() ?? "") : [];
}
