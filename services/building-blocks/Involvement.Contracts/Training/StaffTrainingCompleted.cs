namespace Involvement.Contracts.Training;

/// <summary>
/// A member of staff completed a training module, so reporting can count staff trained as people. Staff have no member
/// record: <paramref name="StaffLearnerId"/> is training's learner id for them, pseudonymous (no name travels).
/// </summary>
/// <param name="CompletedOn">The UK date of the session's last day.</param>
public sealed record StaffTrainingCompleted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid StaffLearnerId,
    string ModuleCode,
    DateOnly CompletedOn) : IIntegrationEvent;
