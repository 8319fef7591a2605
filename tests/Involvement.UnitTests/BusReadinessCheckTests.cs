using System.Reflection;
using Involvement.BuildingBlocks.Health;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Involvement.UnitTests;

public sealed class BusReadinessCheckTests
{
    [Fact]
    public async Task A_bus_with_every_endpoint_consuming_is_ready()
    {
        var bus = Bus(BusHealthResult.Healthy("Ready", Endpoints(BusHealthStatus.Healthy)));

        Assert.Equal(HealthStatus.Healthy, (await new BusReadinessCheck(bus).CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task A_degraded_bus_is_not_ready_and_the_waiting_queue_is_named()
    {
        // MassTransit's own check calls this Degraded, which gRPC health serves as SERVING.
        var bus = Bus(BusHealthResult.Degraded("Degraded Endpoints: reporting-member-registered", null!, Endpoints(BusHealthStatus.Unhealthy)));

        var result = await new BusReadinessCheck(bus).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("reporting-member-registered", result.Description, StringComparison.Ordinal);
    }

    private static Dictionary<string, EndpointHealthResult> Endpoints(BusHealthStatus registered)
    {
        var healthy = Endpoint("reporting-member-level-changed");
        var other = Endpoint("reporting-member-registered");
        return new()
        {
            [healthy.InputAddress.ToString()] = EndpointHealthResult.Healthy(healthy, "ready"),
            [other.InputAddress.ToString()] = registered == BusHealthStatus.Healthy
                ? EndpointHealthResult.Healthy(other, "ready")
                : EndpointHealthResult.Unhealthy(other, "faulted", null),
        };
    }

    private static IReceiveEndpoint Endpoint(string queue) =>
        Fake<IReceiveEndpoint>(m => m.Name == "get_InputAddress" ? new Uri($"rabbitmq://broker/vhost/{queue}") : null);

    private static IBusControl Bus(BusHealthResult health) =>
        Fake<IBusControl>(m => m.Name == nameof(IBusControl.CheckHealth) ? health : null);

    /// <summary>An interface answering only the members a test needs.</summary>
    private static T Fake<T>(Func<MethodInfo, object?> answer)
    {
        var fake = DispatchProxy.Create<T, Answering>();
        ((Answering)(object)fake!).Answer = answer;
        return fake;
    }

    public class Answering : DispatchProxy
    {
        public Func<MethodInfo, object?> Answer { get; set; } = _ => null;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            Answer(targetMethod!) ?? throw new NotSupportedException(targetMethod!.Name);
    }
}
