namespace Involvement.BuildingBlocks.Data;

/// <summary>Section <c>Retention</c>: how long bookkeeping rows are kept (sent outbox rows: <c>Outbox:RetainSentFor</c>).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>
    /// How long a consumer remembers an event id. A repeat older than this is handled again, which the per-fact
    /// versions make harmless; redeliveries and replays from an _error queue come well within it.
    /// </summary>
    public TimeSpan ProcessedMessagesFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a create's stored response answers a retry with the same idempotency key.</summary>
    public TimeSpan IdempotentRequestsFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the pruner runs.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement, so no delete holds locks or bloats a transaction for long.</summary>
    public int PruneBatchSize { get; set; } = 1000;

    public IEnumerable<string> Problems()
    {
        if (ProcessedMessagesFor < TimeSpan.FromHours(1) || IdempotentRequestsFor < TimeSpan.FromHours(1))
        {
            yield return "Retention__ProcessedMessagesFor and Retention__IdempotentRequestsFor must be at least 01:00:00.";
        }

        if (PruneInterval < TimeSpan.FromSeconds(1))
        {
            yield return "Retention__PruneInterval must be at least 00:00:01.";
        }

        if (PruneBatchSize is < 1 or > 100_000)
        {
            yield return "Retention__PruneBatchSize must be between 1 and 100000.";
        }
    }
}
