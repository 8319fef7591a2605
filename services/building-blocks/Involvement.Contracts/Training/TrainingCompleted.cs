namespace Involvement.Contracts.Training;

/// <summary>A member completed a training module. Recruitment checks opportunity prerequisites against it.</summary>
/// <param name="ExpiresOn">When the completion lapses and needs renewing; null when it does not.</param>
public sealed record TrainingCompleted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid MemberId,
    string ModuleCode,
    DateOnly CompletedOn,
    DateOnly? ExpiresOn) : IIntegrationEvent;
