namespace Involvement.BuildingBlocks.Messaging;

/// <summary>Section <c>Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Rows published per round; their confirms are awaited together.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How often to look for rows when nothing has signalled (rows left by a crash, other replicas).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one round may wait for the broker's confirms before it counts as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest pause between rounds while the broker is failing.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long published rows are kept (for diagnosis) before the retention pruner deletes them.</summary>
    public TimeSpan RetainSentFor { get; set; } = TimeSpan.FromDays(7);
}
