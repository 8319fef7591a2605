using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Policies;

/// <summary>Deny by default: every pod is selected by a policy for both directions; egress only where it must go.</summary>
[Collection(ChartCollection.Name)]
public sealed class NetworkPolicyTests(ChartFixture chart)
{
    private IEnumerable<Render> WithPolicies => chart.All.Where(r => r.Set.Flag("networkPolicy.enabled"));

    [Fact]
    public void Every_workloads_pods_are_selected_by_a_NetworkPolicy_for_ingress_and_egress()
    {
        var v = new Violations("NetworkPolicy selects every workload with Ingress and Egress");
        foreach (var render in WithPolicies)
        {
            foreach (var w in render.Workloads)
            {
                var policies = render.OfKind("NetworkPolicy").Where(p => Pods.Matches(p.Json["spec"]?["podSelector"], Pods.Labels(w))).ToList();
                var types = policies.SelectMany(p => p.Json["spec"]?["policyTypes"].Strings() ?? []).ToHashSet();
                if (policies.Count == 0)
                    v.Add(render, w, "no NetworkPolicy selects its pods: they may reach and be reached by anything");
                else if (!types.Contains("Ingress") || !types.Contains("Egress"))
                    v.Add(render, w, $"its NetworkPolicies' policyTypes are [{string.Join(", ", types)}], expected Ingress and Egress");
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void Egress_goes_only_to_DNS_PostgreSQL_RabbitMQ_the_OTLP_collector_and_the_identity_provider()
    {
        var v = new Violations("egress only to DNS/PostgreSQL/RabbitMQ/OTLP/identity provider ports");
        foreach (var render in WithPolicies)
        {
            var allowed = new HashSet<string>(StringComparer.Ordinal) { "53" };
            // The ports the services connect to, as their settings say (so a policy can never block its own service).
            allowed.Add(render.Set.Text("default.database.port") ?? "5432");
            allowed.Add(render.Set.Text("default.broker.port") ?? "5672");
            if (render.Set.Text("default.telemetry.otlpEndpoint") is { Length: > 0 } otlp)
                allowed.Add(new Uri(otlp).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (render.Set.Text("default.auth.authority") is { Length: > 0 } authority)
                allowed.Add(new Uri(authority).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var policy in render.OfKind("NetworkPolicy"))
            {
                foreach (var rule in policy.Json["spec"]?["egress"].Objects() ?? [])
                {
                    var ports = rule["ports"].Objects().ToList();
                    if (ports.Count == 0)
                        v.Add(render, policy, $"egress rule {rule.ToJsonString()} allows every port");
                    foreach (var p in ports)
                    {
                        if (p["port"]?.ToString() is not { } port || !allowed.Contains(port) || p["endPort"] is not null)
                            v.Add(render, policy, $"egress to port {p.ToJsonString()} (allowed: {string.Join(", ", allowed.Order())})");
                    }
                }
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void Ingress_reaches_only_the_gRPC_REST_and_metrics_ports()
    {
        var v = new Violations("ingress only to the grpc, http (REST) and metrics ports");
        foreach (var render in WithPolicies)
        {
            foreach (var policy in render.OfKind("NetworkPolicy"))
            {
                foreach (var rule in policy.Json["spec"]?["ingress"].Objects() ?? [])
                {
                    var ports = rule["ports"].Objects().ToList();
                    if (ports.Count == 0)
                        v.Add(render, policy, $"ingress rule {rule.ToJsonString()} opens every port");
                    foreach (var p in ports.Where(p => p["port"]?.ToString() is not ("8080" or "8081" or "9090" or "grpc" or "http" or "metrics")))
                        v.Add(render, policy, $"ingress to port {p.ToJsonString()}");
                    if (rule["from"] is null)
                        v.Add(render, policy, $"ingress rule {rule.ToJsonString()} has no 'from': anyone may connect");
                }
            }
        }
        v.AssertNone();
    }
}
