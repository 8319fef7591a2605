using System.Text.Json;
using Dapper;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts;
using Npgsql;

namespace Involvement.BuildingBlocks.Data;

/// <summary>
/// One database transaction. State changes and the integration events they cause are written here together,
/// so an event exists exactly when its change does (the transactional outbox).
/// </summary>
public sealed class UnitOfWork(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
{
    public NpgsqlConnection Connection { get; } = connection;

    public NpgsqlTransaction Transaction { get; } = transaction;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public int EventsWritten { get; private set; }

    public Task<int> ExecuteAsync(string sql, object? args = null) =>
        Connection.ExecuteAsync(Command(sql, args));

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? args = null) =>
        Connection.QuerySingleOrDefaultAsync<T>(Command(sql, args));

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? args = null) =>
        Connection.QueryAsync<T>(Command(sql, args));

    /// <summary>Writes an integration event to the outbox; the relay publishes it once this transaction commits.</summary>
    public async Task PublishAsync(IIntegrationEvent integrationEvent)
    {
        var outbox = Outbox(integrationEvent);
        await ExecuteAsync(outbox.Sql, outbox.Args);
    }

    /// <summary>
    /// Writes many events to the outbox in one statement (a payment run's ClaimPaid for each of its claims), in their
    /// order, so a large change costs one round trip rather than one per event.
    /// </summary>
    public async Task PublishAllAsync(IReadOnlyCollection<IIntegrationEvent> integrationEvents)
    {
        if (integrationEvents.Count == 0)
        {
            return;
        }

        EventsWritten += integrationEvents.Count;
        await ExecuteAsync(
            """
            insert into outbox_messages (id, message_type, payload, occurred_at)
            select id, message_type, payload::jsonb, occurred_at
            from unnest(@ids, @types, @payloads, @occurredAts) with ordinality as e (id, message_type, payload, occurred_at, n)
            order by n
            """,
            new
            {
                ids = integrationEvents.Select(e => e.EventId).ToArray(),
                types = integrationEvents.Select(e => e.GetType().FullName!).ToArray(),
                payloads = integrationEvents.Select(e => JsonSerializer.Serialize(e, e.GetType(), EventJson.Options)).ToArray(),
                occurredAts = integrationEvents.Select(e => e.OccurredAt.UtcDateTime).ToArray(),
            });
    }

    /// <summary>
    /// The outbox insert for an event, for a store to run inside the statement that makes the change (as a
    /// data-modifying CTE), which saves a round trip. Counts the event as written, so the statement must run in this unit.
    /// </summary>
    public OutboxInsert Outbox(IIntegrationEvent integrationEvent)
    {
        EventsWritten++;
        return new OutboxInsert(
            "insert into outbox_messages (id, message_type, payload, occurred_at) values (@OutboxId, @OutboxType, @OutboxPayload::jsonb, @OutboxOccurredAt)",
            new
            {
                OutboxId = integrationEvent.EventId,
                OutboxType = integrationEvent.GetType().FullName,
                OutboxPayload = JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), EventJson.Options),
                OutboxOccurredAt = integrationEvent.OccurredAt,
            });
    }

    private CommandDefinition Command(string sql, object? args) => new(sql, args, Transaction, cancellationToken: CancellationToken);
}

/// <summary>An outbox row's insert statement and its parameters (named <c>Outbox…</c>, so they join a store's own).</summary>
public sealed record OutboxInsert(string Sql, object Args);
