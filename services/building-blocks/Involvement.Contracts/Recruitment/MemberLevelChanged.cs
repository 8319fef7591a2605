namespace Involvement.Contracts.Recruitment;

/// <summary>A member moved to another level of the Involvement Pyramid (1-7).</summary>
public sealed record MemberLevelChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid MemberId,
    int InvolvementLevel,
    int PreviousLevel) : IIntegrationEvent;
