using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Policies;

/// <summary>Every container has resources set and runs the configured image at a pinned tag.</summary>
[Collection(ChartCollection.Name)]
public sealed class ContainerTests(ChartFixture chart)
{
    [Fact]
    public void Every_container_sets_cpu_and_memory_requests_and_limits()
    {
        var v = new Violations("resources requests+limits");
        foreach (var render in chart.All)
        {
            foreach (var w in render.Workloads)
            {
                foreach (var (name, c) in Pods.Containers(w))
                {
                    foreach (var kind in new[] { "requests", "limits" })
                    {
                        foreach (var resource in new[] { "cpu", "memory" })
                        {
                            if (c["resources"]?[kind]?[resource] is null)
                                v.Add(render, w, $"{name}: resources.{kind}.{resource} is not set");
                        }
                    }
                }
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void Every_image_is_the_services_own_from_the_configured_registry_at_a_pinned_tag()
    {
        var appVersion = YamlJson.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.ChartDir, "Chart.yaml")))?["appVersion"]?.ToString();
        var v = new Violations("image tag pinned and from the configured registry");
        foreach (var render in chart.All)
        {
            var registry = render.Set.Text("default.image.registry") ?? "";
            var prefix = render.Set.Text("default.image.repositoryPrefix") ?? "";
            var tag = render.Set.Text("default.image.tag") is { Length: > 0 } t ? t : appVersion;
            foreach (var w in render.Workloads)
            {
                foreach (var (name, c) in Pods.Containers(w))
                {
                    var image = c["image"]?.ToString() ?? "";
                    var lastColon = image.LastIndexOf(':');
                    var imageTag = lastColon > image.LastIndexOf('/') ? image[(lastColon + 1)..] : "";
                    if (imageTag is "" or "latest")
                        v.Add(render, w, $"{name}: image '{image}' has {(imageTag == "" ? "no tag" : "the tag latest")}");
                    if (!image.StartsWith(registry + "/", StringComparison.Ordinal))
                        v.Add(render, w, $"{name}: image '{image}' is not from the configured registry '{registry}'");
                    var expected = $"{registry}/{prefix}{w.Service}:{tag}";
                    if (image != expected)
                        v.Add(render, w, $"{name}: image '{image}', expected '{expected}' (<registry>/<repositoryPrefix><service>:<tag or appVersion>)");
                }
            }
        }
        v.AssertNone();
    }
}
