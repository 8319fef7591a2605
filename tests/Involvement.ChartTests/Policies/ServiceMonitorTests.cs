using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Policies;

/// <summary>A ServiceMonitor per service exactly when the Prometheus operator's API is there (and monitoring is on).</summary>
[Collection(ChartCollection.Name)]
public sealed class ServiceMonitorTests(ChartFixture chart)
{
    [Fact]
    public void A_ServiceMonitor_per_service_is_rendered_if_and_only_if_the_API_is_present()
    {
        var v = new Violations("ServiceMonitor present iff the API is present");
        foreach (var render in chart.All)
        {
            var wanted = render.HasMonitoringApi && render.Set.Flag("serviceMonitor.enabled");
            foreach (var service in render.Set.EnabledServices)
            {
                var monitors = render.OfKind("ServiceMonitor").Where(m => m.Service == service).ToList();
                if (wanted && monitors.Count != 1)
                    v.Add(render, null, $"{service}: {monitors.Count} ServiceMonitors with the monitoring API present, expected 1");
                if (!wanted && monitors.Count > 0)
                    v.Add(render, monitors[0], render.HasMonitoringApi ? "rendered although serviceMonitor.enabled is false" : "rendered without the monitoring.coreos.com/v1 API: the install would fail");
                foreach (var m in monitors)
                {
                    var svc = render.OfKind("Service").FirstOrDefault(s => s.Service == service && Pods.Matches(m.Json["spec"]?["selector"], s.Labels));
                    if (svc is null)
                        v.Add(render, m, "its selector matches no Service of the service");
                    var ports = svc?.Json["spec"]?["ports"].Objects().Select(p => p["name"]?.ToString()).ToHashSet() ?? [];
                    foreach (var e in m.Json["spec"]?["endpoints"].Objects() ?? [])
                    {
                        if (e["port"]?.ToString() != "metrics" || !ports.Contains("metrics"))
                            v.Add(render, m, $"endpoint {e.ToJsonString()} does not scrape the Service's metrics port");
                    }
                }
            }
        }
        v.AssertNone();
    }
}
