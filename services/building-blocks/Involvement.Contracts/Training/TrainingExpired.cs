namespace Involvement.Contracts.Training;

/// <summary>A member's completion of a module lapsed without renewal.</summary>
/// <param name="CompletedOn">
/// The completion that lapsed, so a renewal delivered before this event is never lapsed with it; null from a publisher
/// that does not say (every completion on or before <paramref name="ExpiredOn"/> then lapses).
/// </param>
public sealed record TrainingExpired(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid MemberId,
    string ModuleCode,
    DateOnly ExpiredOn,
    DateOnly? CompletedOn = null) : IIntegrationEvent;
