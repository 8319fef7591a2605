namespace Involvement.Contracts.Recruitment;

/// <summary>
/// The PPI team recorded a training completion seen elsewhere (the training service was not deployed, or the course
/// was not run through it). Training may take it into its own records.
/// </summary>
public sealed record CompletionRecordedByHand(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid MemberId,
    string ModuleCode,
    DateOnly CompletedOn,
    DateOnly? ExpiresOn) : IIntegrationEvent;
