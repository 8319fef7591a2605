namespace Involvement.Contracts.Recruitment;

/// <summary>A member who asked to take part was not selected this time. The reason stays in recruitment.</summary>
public sealed record ParticipantNotSelected(
    Guid EventId, DateTimeOffset OccurredAt, long AggregateVersion, Guid OpportunityId, Guid MemberId) : IIntegrationEvent;
