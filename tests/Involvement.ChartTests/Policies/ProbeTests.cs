using System.Globalization;
using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Policies;

/// <summary>Native gRPC probes on the health services, and a grace period long enough to drain.</summary>
[Collection(ChartCollection.Name)]
public sealed class ProbeTests(ChartFixture chart)
{
    [Fact]
    public void Every_service_container_has_native_gRPC_liveness_readiness_and_startup_probes()
    {
        var v = new Violations("native gRPC liveness, readiness and startup probes");
        foreach (var render in chart.All)
        {
            foreach (var d in render.Deployments)
            {
                foreach (var c in Pods.MainContainers(d))
                {
                    var grpcPort = c["ports"].Objects().FirstOrDefault(p => p["name"]?.ToString() == "grpc")?["containerPort"]?.ToString();
                    if (grpcPort is null)
                        v.Add(render, d, $"container {c["name"]}: no container port named grpc");
                    foreach (var (probe, service) in new[] { ("livenessProbe", "liveness"), ("readinessProbe", "readiness"), ("startupProbe", (string?)null) })
                    {
                        var grpc = c[probe]?["grpc"];
                        if (grpc is null)
                        {
                            v.Add(render, d, $"container {c["name"]}: {probe} is not a native gRPC probe");
                            continue;
                        }
                        if (grpc["port"]?.ToString() != grpcPort)
                            v.Add(render, d, $"container {c["name"]}: {probe} probes port {grpc["port"]}, not the grpc port {grpcPort}");
                        if (service is not null && grpc["service"]?.ToString() != service)
                            v.Add(render, d, $"container {c["name"]}: {probe} asks for health service '{grpc["service"]}', expected '{service}'");
                    }
                }
            }
        }
        v.AssertNone();
    }

    [Fact]
    public void Termination_grace_period_covers_the_drain_delay_and_the_shutdown_timeout()
    {
        var v = new Violations("terminationGracePeriodSeconds covers the drain");
        foreach (var render in chart.All)
        {
            foreach (var d in render.Deployments)
            {
                var grace = double.Parse(Pods.Spec(d)["terminationGracePeriodSeconds"]?.ToString() ?? "30", CultureInfo.InvariantCulture);
                foreach (var c in Pods.MainContainers(d))
                {
                    var env = Pods.Environment(render, c, "secret", []);
                    var drain = Duration(env.GetValueOrDefault("Shutdown__DrainDelay"), TimeSpan.Zero);
                    var timeout = Duration(env.GetValueOrDefault("Shutdown__Timeout"), TimeSpan.FromSeconds(30));
                    if (drain <= TimeSpan.Zero)
                        v.Add(render, d, $"container {c["name"]}: Shutdown__DrainDelay is not set above zero, so a stopping pod closes before it leaves the endpoints");
                    if (grace < (drain + timeout).TotalSeconds)
                        v.Add(render, d, $"terminationGracePeriodSeconds {grace} < drain {drain.TotalSeconds} s + shutdown timeout {timeout.TotalSeconds} s");
                }
            }
        }
        v.AssertNone();
    }

    private static TimeSpan Duration(string? value, TimeSpan fallback) =>
        value is null ? fallback : TimeSpan.Parse(value, CultureInfo.InvariantCulture);
}
