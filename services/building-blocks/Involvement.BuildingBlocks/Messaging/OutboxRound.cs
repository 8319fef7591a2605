namespace Involvement.BuildingBlocks.Messaging;

/// <summary>A pending outbox row as the relay reads it.</summary>
public sealed record OutboxRow(Guid Id, string MessageType, string Payload);

/// <summary>
/// What one publish attempt of a row came to: sent; failed for now (the broker), to retry; or failed for good (the
/// row itself cannot be published), to park.
/// </summary>
public sealed record PublishOutcome(Guid Id, string? Error, bool Permanent = false)
{
    public bool Sent => Error is null;
}

/// <summary>The result of one relay round: rows to mark sent, rows that stay pending, rows to park.</summary>
public sealed record OutboxRound(IReadOnlyList<Guid> Sent, IReadOnlyList<PublishOutcome> Failed, IReadOnlyList<PublishOutcome> Parked)
{
    public static OutboxRound From(IEnumerable<PublishOutcome> outcomes)
    {
        var all = outcomes.ToList();
        return new OutboxRound(
            all.Where(o => o.Sent).Select(o => o.Id).ToList(),
            all.Where(o => !o.Sent && !o.Permanent).ToList(),
            all.Where(o => !o.Sent && o.Permanent).ToList());
    }

    /// <summary>The broker failed some publishes: pause before the next round. Parked rows do not count.</summary>
    public bool AnyFailed => Failed.Count > 0;

    /// <summary>Rows this round settled either way, for deciding whether more are waiting.</summary>
    public int Settled => Sent.Count + Parked.Count;
}
