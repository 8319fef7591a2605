using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Involvement.BuildingBlocks.Health;

/// <summary>
/// Not ready once the host is stopping, so Kubernetes takes the pod out of its Service's endpoints while it still
/// serves for <c>Shutdown:DrainDelay</c>. Not cached: the answer must change with the first probe after SIGTERM.
/// </summary>
internal sealed class StoppingCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("the service is shutting down")
            : HealthCheckResult.Healthy());
}
