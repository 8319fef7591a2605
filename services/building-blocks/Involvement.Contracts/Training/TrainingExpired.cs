namespace Involvement.Contracts.Training;

/// <summary>A member's completion of a module lapsed without renewal.</summary>
public sealed record TrainingExpired(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid MemberId,
    string ModuleCode,
    DateOnly ExpiredOn) : IIntegrationEvent;
