namespace Involvement.Contracts.Recruitment;

/// <summary>A member's details changed. Carries only what other services keep: the display name and where they are.</summary>
public sealed record MemberUpdated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid MemberId,
    string DisplayName,
    string? CareGroup,
    string? Locality) : IIntegrationEvent;
