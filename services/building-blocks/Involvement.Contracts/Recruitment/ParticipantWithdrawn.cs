namespace Involvement.Contracts.Recruitment;

/// <summary>A member stepped back from an opportunity. The reason stays in recruitment: it may be personal.</summary>
/// <param name="PreviousState">invited, interested, selected, reserve or not_selected.</param>
public sealed record ParticipantWithdrawn(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid OpportunityId,
    Guid MemberId,
    string PreviousState) : IIntegrationEvent;
