namespace Involvement.Contracts;

/// <summary>
/// A fact one service tells the others. Consumers use <see cref="EventId"/> to ignore repeats and
/// <see cref="AggregateVersion"/> to ignore facts older than the ones they already hold.
/// </summary>
public interface IIntegrationEvent
{
    Guid EventId { get; }

    DateTimeOffset OccurredAt { get; }

    long AggregateVersion { get; }
}
