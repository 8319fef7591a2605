using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Periods;

namespace Involvement.Reporting.Rebuild;

/// <summary>
/// The <c>rebuild</c> operator command: empties every consumer's read-model tables, replays the event journal through
/// every consumer in the order the events were first applied, and recomputes every metric for every period from the
/// earliest date an event moved, all read models in one transaction (a consumer running meanwhile waits, then
/// applies on top). A metric added since is back-filled from the events its consumers handle that are in the journal.
/// </summary>
public sealed partial class ReadModelRebuild(
    Db db,
    IServiceProvider services,
    IEnumerable<JournaledConsumerType> consumerTypes,
    MetricsRefresher refresher,
    TimeProvider clock,
    ILogger<ReadModelRebuild> logger)
{
    private const int Page = 1000;
    private const long LockKey = 0x5245504f52540002;   // "REPORT" + 2: one rebuild at a time

    /// <summary>
    /// Tables that are not read models: bookkeeping, what the PPI team set (targets), and what the rebuild recomputes
    /// or replays from. Every other table is a read model built from events, so a new one is rebuilt without listing it.
    /// </summary>
    private static readonly string[] NotReadModels =
    [
        "schemaversions", "event_journal", "processed_messages", "outbox_messages", "idempotent_requests",
        "metric_values", "metric_changes", "metric_snapshots", "services_seen", "targets",
    ];

    public async Task<RebuildResult> RunAsync(CancellationToken cancellationToken)
    {
        var tables = new List<string>();
        var consumers = consumerTypes.Select(t => t.Type).Distinct()
            .Select(t => (IJournaledConsumer)ActivatorUtilities.CreateInstance(services, t)).ToList();
        var byEvent = consumers.ToLookup(c => c.EventType.FullName!, StringComparer.Ordinal);
        var (events, earliest) = await db.InTransactionAsync(async unit =>
        {
            await unit.ExecuteAsync("select pg_advisory_xact_lock(@LockKey)", new { LockKey });
            // No refresh reads the read models while they are truncated and replayed (it would deadlock with the truncate).
            await unit.ExecuteAsync("select pg_advisory_xact_lock(@LockKey)", new { LockKey = MetricsRefresher.LockKey });
            tables.AddRange(await unit.QueryAsync<string>(
                "select tablename from pg_tables where schemaname = current_schema() and tablename <> all(@NotReadModels) order by tablename",
                new { NotReadModels }));
            if (tables.Count > 0)
            {
                await unit.ExecuteAsync($"truncate {string.Join(", ", tables)}");
            }

            long position = 0;
            var replayed = 0;
            DateOnly? earliest = null;
            while (true)
            {
                var rows = (await unit.QueryAsync<(long Position, string EventType, DateOnly AffectsFrom, string Payload)>(
                    "select position, event_type, affects_from, payload::text from event_journal where position > @position order by position limit @Page",
                    new { position, Page })).ToList();
                foreach (var row in rows)
                {
                    var e = EventJournal.Read(row.EventType, row.Payload);
                    if (e is null)
                    {
                        LogUnknownEvent(logger, row.EventType, row.Position);
                        continue;
                    }

                    foreach (var consumer in byEvent[row.EventType])
                    {
                        await consumer.ReplayAsync(e, unit);
                    }

                    replayed++;
                    earliest = earliest is { } d && d <= row.AffectsFrom ? d : row.AffectsFrom;
                }

                if (rows.Count < Page)
                {
                    break;
                }

                position = rows[^1].Position;
            }

            return (replayed, earliest);
        }, cancellationToken);

        // Nothing journaled: still recompute what the refresher would at start (from the previous quarter).
        var from = earliest ?? ReportingPeriod.QuarterOf(clock.Today()).PreviousQuarter().Start;
        var figures = await refresher.RecomputeAllAsync(from, cancellationToken);
        LogRebuilt(logger, tables.Count, events, figures);
        return new RebuildResult(tables, events, figures);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal entry {Position} is a {EventType}, which this build does not know; skipped")]
    private static partial void LogUnknownEvent(ILogger logger, string eventType, long position);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuilt {Tables} read-model tables from {Events} journaled events; {Figures} figures changed")]
    private static partial void LogRebuilt(ILogger logger, int tables, int events, int figures);
}

public sealed record RebuildResult(IReadOnlyList<string> Tables, int Events, int FiguresChanged);
