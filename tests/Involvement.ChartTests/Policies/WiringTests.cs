using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Policies;

/// <summary>Selectors find the pods they mean (and no others); Service ports lead to container ports; labels as agreed.</summary>
[Collection(ChartCollection.Name)]
public sealed class WiringTests(ChartFixture chart)
{
    [Fact]
    public void Selectors_match_their_own_pods_and_no_others()
    {
        var v = new Violations("selectors match pod labels");
        foreach (var render in chart.All)
        {
            var workloads = render.Workloads.ToList();
            foreach (var d in render.Deployments)
            {
                var selector = d.Json["spec"]?["selector"];
                if (!Pods.Matches(selector, Pods.Labels(d)))
                    v.Add(render, d, "spec.selector does not match the pod template's labels");
                foreach (var other in workloads.Where(w => w != d && Pods.Matches(selector, Pods.Labels(w))))
                    v.Add(render, d, $"spec.selector also matches the pods of {other}");
            }
            foreach (var s in render.OfKind("Service"))
            {
                var selector = Manifest.StringMap(s.Json["spec"]?["selector"]);
                var selected = workloads.Where(w => Pods.Matches(selector, Pods.Labels(w))).ToList();
                if (selected.Count != 1 || selected[0].Kind != "Deployment")
                    v.Add(render, s, $"selects the pods of [{string.Join(", ", selected)}], expected exactly its service's Deployment (never the migration Job)");
            }
            foreach (var hpa in render.OfKind("HorizontalPodAutoscaler"))
            {
                var name = hpa.Json["spec"]?["scaleTargetRef"]?["name"]?.ToString();
                if (!render.Deployments.Any(d => d.Name == name))
                    v.Add(render, hpa, $"scaleTargetRef '{name}' is not a rendered Deployment");
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void Service_ports_lead_to_the_containers_grpc_rest_and_metrics_ports()
    {
        var v = new Violations("Service ports match container ports");
        var agreed = new Dictionary<string, string> { ["grpc"] = "8080", ["http"] = "8081", ["metrics"] = "9090" };
        foreach (var render in chart.All)
        {
            foreach (var s in render.OfKind("Service"))
            {
                var selector = Manifest.StringMap(s.Json["spec"]?["selector"]);
                var d = render.Deployments.FirstOrDefault(w => Pods.Matches(selector, Pods.Labels(w)));
                if (d is null)
                    continue; // reported by the selector rule
                var containerPorts = Pods.MainContainers(d).SelectMany(c => c["ports"].Objects()).ToList();
                foreach (var (name, number) in agreed)
                {
                    if (!containerPorts.Any(p => p["name"]?.ToString() == name && p["containerPort"]?.ToString() == number))
                        v.Add(render, d, $"no container port {name} {number}");
                }
                var ports = s.Json["spec"]?["ports"].Objects().ToList() ?? [];
                foreach (var (name, number) in agreed)
                {
                    if (!ports.Any(p => p["name"]?.ToString() == name && p["port"]?.ToString() == number))
                        v.Add(render, s, $"no Service port {name} {number}");
                }
                foreach (var p in ports)
                {
                    var target = p["targetPort"]?.ToString() ?? p["port"]?.ToString();
                    var match = containerPorts.FirstOrDefault(c => c["name"]?.ToString() == target || c["containerPort"]?.ToString() == target);
                    if (match is null)
                        v.Add(render, s, $"port {p["name"]} targets '{target}', which no container of {d.Name} exposes");
                    else if ((p["protocol"]?.ToString() ?? "TCP") != (match["protocol"]?.ToString() ?? "TCP"))
                        v.Add(render, s, $"port {p["name"]} protocol differs from the container's");
                    if (p["name"]?.ToString() == "grpc" && p["appProtocol"] is { } ap && ap.ToString() is not ("grpc" or "kubernetes.io/h2c"))
                        v.Add(render, s, $"grpc port has appProtocol '{ap}'");
                }
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void Every_object_carries_the_agreed_labels()
    {
        var v = new Violations("standard labels");
        foreach (var render in chart.All)
        {
            foreach (var obj in render.Objects)
            {
                foreach (var key in new[] { "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/part-of", "app.kubernetes.io/component", "helm.sh/chart" })
                {
                    if (!obj.Labels.ContainsKey(key))
                        v.Add(render, obj, $"no label {key}");
                }
                if (obj.Labels.GetValueOrDefault("app.kubernetes.io/instance") is { } instance && instance != RenderRequest.Release)
                    v.Add(render, obj, $"app.kubernetes.io/instance is '{instance}', not the release name");
                if (obj.Service is { } svc && ValueSet.Services.Contains(svc) && !obj.Name.StartsWith($"{RenderRequest.Release}-{svc}", StringComparison.Ordinal))
                    v.Add(render, obj, $"name does not follow <release>-<service>");
            }
            foreach (var w in render.Workloads)
            {
                var component = Pods.Labels(w).GetValueOrDefault("app.kubernetes.io/component");
                var expected = w.Kind == "Job" ? "migrate" : "service";
                if (component != expected)
                    v.Add(render, w, $"pods labelled component '{component}', expected '{expected}'");
            }
        }
        v.AssertNone();
    }
}
