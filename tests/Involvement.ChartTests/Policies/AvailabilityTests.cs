using System.Globalization;
using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Policies;

/// <summary>Replicated services survive voluntary disruption and spread over nodes and zones.</summary>
[Collection(ChartCollection.Name)]
public sealed class AvailabilityTests(ChartFixture chart)
{
    [Fact]
    public void Every_Deployment_with_more_than_one_replica_or_an_autoscaler_has_a_PodDisruptionBudget()
    {
        var v = new Violations("PDB for every replicated Deployment");
        foreach (var render in chart.All)
        {
            foreach (var d in render.Deployments)
            {
                var replicas = int.Parse(d.Json["spec"]?["replicas"]?.ToString() ?? "1", CultureInfo.InvariantCulture);
                var hpa = render.OfKind("HorizontalPodAutoscaler").FirstOrDefault(h => h.Json["spec"]?["scaleTargetRef"]?["name"]?.ToString() == d.Name);
                var pdbs = render.OfKind("PodDisruptionBudget").Where(p => Pods.Matches(p.Json["spec"]?["selector"], Pods.Labels(d))).ToList();
                if ((replicas > 1 || hpa is not null) && pdbs.Count == 0)
                    v.Add(render, d, $"{replicas} replicas{(hpa is null ? "" : " and an autoscaler")} but no PodDisruptionBudget selects its pods");
                if (pdbs.Count > 1)
                    v.Add(render, d, $"{pdbs.Count} PodDisruptionBudgets select its pods (eviction fails with more than one)");
                foreach (var pdb in pdbs)
                {
                    var minAvailable = pdb.Json["spec"]?["minAvailable"]?.ToString();
                    var maxUnavailable = pdb.Json["spec"]?["maxUnavailable"]?.ToString();
                    var minReplicas = hpa is null ? replicas : int.Parse(hpa.Json["spec"]?["minReplicas"]?.ToString() ?? "1", CultureInfo.InvariantCulture);
                    if (maxUnavailable is "0" or "0%" || (int.TryParse(minAvailable, out var min) && min >= minReplicas) || minAvailable == "100%")
                        v.Add(render, pdb, $"never allows an eviction of {d.Name} ({minReplicas} replicas): node drains would hang");
                }
            }
            foreach (var pdb in render.OfKind("PodDisruptionBudget"))
            {
                if (!render.Deployments.Any(d => Pods.Matches(pdb.Json["spec"]?["selector"], Pods.Labels(d))))
                    v.Add(render, pdb, "selects no Deployment's pods");
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void Autoscaling_renders_an_autoscaler_for_its_Deployment_and_leaves_replicas_to_it()
    {
        var v = new Violations("HPA when autoscaling is enabled");
        foreach (var render in chart.All)
        {
            foreach (var service in render.Set.EnabledServices)
            {
                var d = render.Deployments.FirstOrDefault(x => x.Service == service);
                var hpas = render.OfKind("HorizontalPodAutoscaler").Where(h => h.Service == service).ToList();
                var enabled = render.Set.Flag($"{service}.autoscaling.enabled");
                if (enabled != (hpas.Count == 1))
                    v.Add(render, d, $"autoscaling.enabled is {enabled} but {hpas.Count} HorizontalPodAutoscalers are rendered");
                foreach (var hpa in hpas)
                {
                    var target = hpa.Json["spec"]?["scaleTargetRef"];
                    if (d is null || target?["kind"]?.ToString() != "Deployment" || target["name"]?.ToString() != d.Name || target["apiVersion"]?.ToString() != "apps/v1")
                        v.Add(render, hpa, $"scaleTargetRef {target?.ToJsonString()} is not the service's Deployment");
                    if (d?.Json["spec"]?["replicas"] is not null)
                        v.Add(render, d, "sets spec.replicas while an autoscaler owns it (every upgrade resets the scale)");
                }
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void Every_Deployment_spreads_its_pods_over_nodes_and_zones()
    {
        var v = new Violations("topology spread");
        foreach (var render in chart.All.Where(r => r.Set.Flag("default.topologySpread.enabled")))
        {
            foreach (var d in render.Deployments)
            {
                var constraints = Pods.Spec(d)["topologySpreadConstraints"].Objects().ToList();
                foreach (var key in new[] { "kubernetes.io/hostname", "topology.kubernetes.io/zone" })
                {
                    var c = constraints.FirstOrDefault(x => x["topologyKey"]?.ToString() == key);
                    if (c is null)
                        v.Add(render, d, $"no topologySpreadConstraint on {key}");
                    else if (!Pods.Matches(c["labelSelector"], Pods.Labels(d)))
                        v.Add(render, d, $"the {key} constraint's labelSelector does not select the Deployment's pods");
                }
            }
        }
        v.AssertNone();
    }
}
