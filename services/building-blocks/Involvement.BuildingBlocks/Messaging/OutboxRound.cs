namespace Involvement.BuildingBlocks.Messaging;

/// <summary>A pending outbox row as the relay reads it.</summary>
public sealed record OutboxRow(Guid Id, string MessageType, string Payload);

/// <summary>What one publish attempt of a row came to: sent, or failed with a reason.</summary>
public sealed record PublishOutcome(Guid Id, string? Error)
{
    public bool Sent => Error is null;
}

/// <summary>The result of one relay round: which rows to mark sent and which failed (they stay pending).</summary>
public sealed record OutboxRound(IReadOnlyList<Guid> Sent, IReadOnlyList<PublishOutcome> Failed)
{
    public static OutboxRound From(IEnumerable<PublishOutcome> outcomes)
    {
        var all = outcomes.ToList();
        return new OutboxRound(all.Where(o => o.Sent).Select(o => o.Id).ToList(), all.Where(o => !o.Sent).ToList());
    }

    public bool AnyFailed => Failed.Count > 0;
}
