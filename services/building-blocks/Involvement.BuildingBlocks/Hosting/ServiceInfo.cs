using System.Reflection;

namespace Involvement.BuildingBlocks.Hosting;

/// <summary>Which service this host is: its name, and the assembly holding its gRPC services and migrations.</summary>
public sealed record ServiceInfo(string Name, Assembly Assembly)
{
    /// <summary>The ActivitySource and Meter name, <c>Involvement.&lt;Service&gt;</c>.</summary>
    public string TelemetryName => $"Involvement.{Name}";
}
