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
        await ExecuteAsync(
            "insert into outbox_messages (id, message_type, payload, occurred_at) values (@Id, @Type, @Payload::jsonb, @OccurredAt)",
            new
            {
                Id = integrationEvent.EventId,
                Type = integrationEvent.GetType().FullName,
                Payload = JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), EventJson.Options),
                integrationEvent.OccurredAt,
            });
        EventsWritten++;
    }

    private CommandDefinition Command(string sql, object? args) => new(sql, args, Transaction, cancellationToken: CancellationToken);
}
