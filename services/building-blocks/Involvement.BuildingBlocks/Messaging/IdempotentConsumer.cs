using Involvement.BuildingBlocks.Data;
using Involvement.Contracts;
using System.Diagnostics;
using Involvement.BuildingBlocks.Hosting;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Involvement.BuildingBlocks.Messaging;

/// <summary>
/// Handles each integration event once per consumer: the event id is recorded in the same transaction as the
/// handler's changes, so a redelivered or republished event changes nothing. An event that breaks its contract is
/// refused before anything is written (<see cref="EventContract"/>), so it can never reach a read model.
/// </summary>
public abstract class IdempotentConsumer<TEvent>(Db db) : IConsumer<TEvent>
    where TEvent : class, IIntegrationEvent
{
    public async Task Consume(ConsumeContext<TEvent> context)
    {
        // The service's telemetry comes from the consumer's scope; a bus built by hand (as in a test) has none.
        var telemetry = context.TryGetPayload<IServiceProvider>(out var services) ? services.GetService<ServiceTelemetry>() : null;
        using var activity = telemetry?.Source.StartActivity($"consume {typeof(TEvent).Name}");
        EventTags.Add(activity, context.Message);
        var problems = EventContract.Problems(context.Message);
        if (problems.Count > 0)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "invalid event");
            throw new InvalidEventException(typeof(TEvent).Name, context.Message.EventId, problems);
        }

        var first = await db.InTransactionAsync(async unit =>
        {
            var first = await unit.ExecuteAsync(
                """
                insert into processed_messages (consumer, message_id, processed_at) values (@Consumer, @EventId, now())
                on conflict do nothing
                """,
                new { Consumer = GetType().Name, context.Message.EventId });
            if (first == 1)
            {
                await HandleAsync(context.Message, unit);
            }

            return first;
        }, context.CancellationToken);
        activity?.SetTag("involvement.duplicate", first == 0);
    }

    protected abstract Task HandleAsync(TEvent message, UnitOfWork unit);
}
