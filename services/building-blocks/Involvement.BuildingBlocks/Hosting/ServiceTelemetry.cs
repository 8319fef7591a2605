using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Involvement.BuildingBlocks.Hosting;

/// <summary>
/// The service's own ActivitySource and Meter (<c>Involvement.&lt;Service&gt;</c>): spans around RPCs' domain work and
/// consumers, tagged with ids only (never names, answers or free text), and the service's domain counters.
/// </summary>
public sealed class ServiceTelemetry(ServiceInfo service, IMeterFactory meters) : IDisposable
{
    public ActivitySource Source { get; } = new(service.TelemetryName);

    public Meter Meter { get; } = meters.Create(service.TelemetryName);

    public void Dispose() => Source.Dispose();
}
