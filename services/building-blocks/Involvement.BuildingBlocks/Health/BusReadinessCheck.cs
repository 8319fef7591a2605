using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Involvement.BuildingBlocks.Health;

/// <summary>
/// Ready only when every receive endpoint of the bus is consuming. A degraded bus (some queues without their
/// consumer, as for seconds after a broker restart) is not ready: messages would wait with nobody to take them.
/// </summary>
internal sealed class BusReadinessCheck(IBusControl bus) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = bus.CheckHealth();
        if (health.Status == BusHealthStatus.Healthy)
        {
            return Task.FromResult(HealthCheckResult.Healthy());
        }

        var waiting = health.Endpoints
            .Where(e => e.Value.Status != BusHealthStatus.Healthy)
            .Select(e => new Uri(e.Key).AbsolutePath.Split('/').Last())
            .ToList();
        var reason = waiting.Count > 0
            ? $"receive endpoints not consuming: {string.Join(", ", waiting.Take(10))}"
            : "the bus has not started";
        return Task.FromResult(HealthCheckResult.Unhealthy(reason));
    }
}
