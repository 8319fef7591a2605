using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts;
using Involvement.Reporting.Deployment;
using Involvement.Reporting.Rebuild;

namespace Involvement.Reporting.Metrics;

/// <summary>
/// Every reporting consumer: applies an event to its read model once, notes that the event's service is deployed,
/// and marks the metrics it moves for recomputation, all in the one transaction.
/// </summary>
public abstract class ReportingConsumer<TEvent>(Db db) : IdempotentConsumer<TEvent>(db), IJournaledConsumer
    where TEvent : class, IIntegrationEvent
{
    /// <summary>recruitment, payments or training.</summary>
    protected abstract string SourceService { get; }

    /// <summary>The read-model area the event changes (see <see cref="IMetricFamily.DependsOn"/>).</summary>
    protected abstract string Area { get; }

    /// <summary>The earliest date whose figures the event can move (e.g. the day a member registered).</summary>
    protected abstract DateOnly AffectsFrom(TEvent message);

    /// <summary>Changes the read model. Must give the same result whatever order events arrive in.</summary>
    public abstract Task ApplyAsync(TEvent message, UnitOfWork unit);

    Type IJournaledConsumer.EventType => typeof(TEvent);

    Task IJournaledConsumer.ReplayAsync(IIntegrationEvent message, UnitOfWork unit) => ApplyAsync((TEvent)message, unit);

    protected sealed override async Task HandleAsync(TEvent message, UnitOfWork unit)
    {
        await DeployedServices.SeenAsync(unit, SourceService);
        await ApplyAsync(message, unit);
        var affectsFrom = AffectsFrom(message);
        await ReadModelChanges.MarkAsync(unit, Area, affectsFrom);
        await EventJournal.AppendAsync(unit, message, affectsFrom);   // personal fields removed: see EventJournal
    }
}
