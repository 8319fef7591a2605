namespace Involvement.Contracts.Recruitment;

/// <summary>A member joined a scheme: reporting counts members per scheme from these.</summary>
/// <param name="Scheme">patient_partner, hospital_improver, expert_by_experience, volunteer or peer_worker.</param>
public sealed record SchemeMembershipStarted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid MembershipId,
    Guid MemberId,
    string Scheme,
    DateOnly StartedOn) : IIntegrationEvent;

/// <summary>A member's scheme membership ended. The reason stays in recruitment: it may be personal.</summary>
public sealed record SchemeMembershipEnded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid MembershipId,
    Guid MemberId,
    string Scheme,
    DateOnly EndedOn) : IIntegrationEvent;
