namespace Involvement.BuildingBlocks.Messaging;

/// <summary>
/// An event that breaks its contract. Retrying cannot fix it, so it goes straight to the consumer's <c>_error</c>
/// queue, where MassTransit's fault headers carry this message as the reason.
/// </summary>
public sealed class InvalidEventException(string eventType, Guid eventId, IReadOnlyList<string> problems)
    : Exception($"{eventType} {eventId} breaks its contract: {string.Join("; ", problems)}.")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
