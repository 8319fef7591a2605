using System.Diagnostics.Metrics;
using System.Text.Json;
using Dapper;
using Involvement.BuildingBlocks.Hosting;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Involvement.BuildingBlocks.Messaging;

/// <summary>
/// Publishes outbox rows and marks them sent. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so replicas share
/// the work; a round publishes its whole batch at once and awaits the broker's confirms together. A row is marked
/// sent only after its confirm, so a crash or broker outage leaves it pending for the next round: events are
/// delivered at least once, and consumers drop repeats by event id.
/// </summary>
public sealed partial class OutboxRelay(
    NpgsqlDataSource dataSource,
    IBus bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    IMeterFactory meterFactory,
    ServiceInfo service,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private readonly Counter<long> _published = meterFactory.Create(service.TelemetryName)
        .CreateCounter<long>("involvement.outbox.published", "{event}", "Integration events published from the outbox.");

    private readonly Counter<long> _failed = meterFactory.Create(service.TelemetryName)
        .CreateCounter<long>("involvement.outbox.publish_failures", "{event}", "Outbox publishes that failed and will be retried.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var round = await PublishPendingAsync(stoppingToken);
                if (failures > 0 && !round.AnyFailed)
                {
                    LogRecovered(logger, failures);
                }

                failures = round.AnyFailed ? failures + 1 : 0;
                if (failures > 0)
                {
                    await Task.Delay(OutboxBackoff.After(failures, settings.MaxBackoff), stoppingToken);
                }
                else if (round.Settled < settings.BatchSize)
                {
                    await signal.WaitAsync(settings.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever went wrong (database away, a bug), the relay must outlive it: rows stay pending until it recovers.
                // Logged when the trouble starts, not at every round of it.
                if (failures == 0)
                {
                    LogRoundFailed(logger, ex);
                }

                failures++;
                await Task.Delay(OutboxBackoff.After(failures, settings.MaxBackoff), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>One round: claim up to a batch of pending rows, publish them together, record what happened.</summary>
    public async Task<OutboxRound> PublishPendingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(
            """
            select id, message_type, payload::text as payload from outbox_messages
            where sent_at is null and parked_at is null order by sequence limit @BatchSize for update skip locked
            """,
            new { settings.BatchSize }, transaction, cancellationToken: cancellationToken))).AsList();
        if (rows.Count == 0)
        {
            return OutboxRound.From([]);
        }

        // A claimed batch is finished even while the service stops: cancelling publishes already handed to the broker
        // would leave rows the broker has but the table does not mark, to be sent again. It is bounded by
        // PublishTimeout (within Shutdown__Timeout); the bus stops after the relay.
        using var timeout = new CancellationTokenSource(settings.PublishTimeout);
        var round = OutboxRound.From(await Task.WhenAll(rows.Select(row => PublishAsync(row, timeout.Token))));
        var finishing = CancellationToken.None;

        await connection.ExecuteAsync(new CommandDefinition(
            "update outbox_messages set sent_at = now(), attempts = attempts + 1 where id = any(@Ids)",
            new { Ids = round.Sent.ToArray() }, transaction, cancellationToken: finishing));
        foreach (var unsent in round.Failed.Concat(round.Parked))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update outbox_messages set attempts = attempts + 1, last_error = @Error, parked_at = case when @Permanent then now() end where id = @Id",
                unsent, transaction, cancellationToken: finishing));
        }

        await transaction.CommitAsync(finishing);
        _published.Add(round.Sent.Count);
        foreach (var parked in round.Parked)
        {
            LogParked(logger, parked.Id, parked.Error!);
        }

        if (round.AnyFailed)
        {
            _failed.Add(round.Failed.Count);
            LogPublishFailed(logger, round.Failed.Count, rows.Count, round.Failed[0].Error!);
        }

        return round;
    }

    private async Task<PublishOutcome> PublishAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var type = EventJson.ContractType(row.MessageType);
        if (type is null)
        {
            return new PublishOutcome(row.Id, $"unknown event type {row.MessageType}", Permanent: true);
        }

        object message;
        try
        {
            message = JsonSerializer.Deserialize(row.Payload, type, EventJson.Options) ?? throw new JsonException("the payload is null");
        }
        catch (JsonException ex)
        {
            return new PublishOutcome(row.Id, $"the payload does not read as {type.Name}: {ex.Message}", Permanent: true);
        }

        try
        {
            await bus.Publish(message, type, context => context.MessageId = row.Id, cancellationToken);
            return new PublishOutcome(row.Id, null);
        }
        catch (OperationCanceledException)
        {
            return new PublishOutcome(row.Id, "the broker did not confirm in time");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new PublishOutcome(row.Id, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    [LoggerMessage(EventId = 1200, EventName = "OutboxPublishFailed", Level = LogLevel.Warning,
        Message = "{Failed} of {Total} outbox events were not published ({Reason}); they stay pending and will be retried")]
    private static partial void LogPublishFailed(ILogger logger, int failed, int total, string reason);

    [LoggerMessage(EventId = 1202, EventName = "OutboxRowParked", Level = LogLevel.Error,
        Message = "Outbox event {EventId} can never be published ({Reason}); it is parked (parked_at set) for a person to look at")]
    private static partial void LogParked(ILogger logger, Guid eventId, string reason);

    [LoggerMessage(EventId = 1201, EventName = "OutboxRoundFailed", Level = LogLevel.Warning,
        Message = "Outbox round failed; retrying after pauses of up to Outbox__MaxBackoff (logged once until a round succeeds)")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1203, EventName = "OutboxRecovered", Level = LogLevel.Information,
        Message = "Outbox relay publishing again after {FailedRounds} failed rounds")]
    private static partial void LogRecovered(ILogger logger, int failedRounds);
}
