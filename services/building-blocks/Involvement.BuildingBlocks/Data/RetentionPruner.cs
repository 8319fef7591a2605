using Dapper;
using Involvement.BuildingBlocks.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Involvement.BuildingBlocks.Data;

/// <summary>
/// Deletes bookkeeping rows past their age — processed event ids, stored idempotent responses (which may hold personal
/// data), sent outbox rows — in small batches. Batches claim rows with <c>FOR UPDATE SKIP LOCKED</c>, so replicas
/// pruning at the same time share the work instead of waiting on each other.
/// </summary>
public sealed partial class RetentionPruner(
    NpgsqlDataSource dataSource,
    IOptions<RetentionOptions> retention,
    IOptions<OutboxOptions> outbox,
    TimeProvider clock,
    ILogger<RetentionPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PruneAsync(stoppingToken);
                failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever went wrong (the database away, a bug), pruning must not stop the service: logged when the
                // trouble starts, and tried again next round.
                if (!failing)
                {
                    LogFailed(logger, ex);
                }

                failing = true;
            }

            await Task.Delay(retention.Value.PruneInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One pass over every table; returns how many rows went.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var r = retention.Value;
        var total = await PruneAsync("processed_messages", "processed_at < now() - @age", r.ProcessedMessagesFor, cancellationToken)
            + await PruneAsync("idempotent_requests", "created_at < now() - @age", r.IdempotentRequestsFor, cancellationToken)
            + await PruneAsync("outbox_messages", "sent_at < now() - @age", outbox.Value.RetainSentFor, cancellationToken);
        if (total > 0)
        {
            LogPruned(logger, total);
        }

        return total;
    }

    private async Task<int> PruneAsync(string table, string older, TimeSpan age, CancellationToken cancellationToken)
    {
        var batch = retention.Value.PruneBatchSize;
        var total = 0;
        int deleted;
        do
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            deleted = await connection.ExecuteAsync(new CommandDefinition(
                $"delete from {table} where ctid = any(array(select ctid from {table} where {older} limit @batch for update skip locked))",
                new { age, batch }, cancellationToken: cancellationToken));
            total += deleted;
        }
        while (deleted == batch);

        return total;
    }

    [LoggerMessage(EventId = 1500, EventName = "RetentionPruned", Level = LogLevel.Information,
        Message = "Deleted {Rows} processed-message, idempotent-request and sent outbox rows past their retention")]
    private static partial void LogPruned(ILogger logger, int rows);

    [LoggerMessage(EventId = 1501, EventName = "RetentionFailed", Level = LogLevel.Warning,
        Message = "Pruning old rows failed; it is tried again each round (logged once until a round succeeds)")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
