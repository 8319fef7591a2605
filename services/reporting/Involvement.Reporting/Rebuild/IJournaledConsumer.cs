using Involvement.BuildingBlocks.Data;
using Involvement.Contracts;

namespace Involvement.Reporting.Rebuild;

/// <summary>A consumer the rebuild command can replay the journal through (every <see cref="Metrics.ReportingConsumer{TEvent}"/>).</summary>
public interface IJournaledConsumer
{
    Type EventType { get; }

    Task ReplayAsync(IIntegrationEvent message, UnitOfWork unit);
}

/// <summary>
/// A consumer type whose read model the rebuild command rebuilds. AddReporting registers every
/// <see cref="IJournaledConsumer"/> in the reporting assembly; a test may register more.
/// </summary>
public sealed record JournaledConsumerType(Type Type);
