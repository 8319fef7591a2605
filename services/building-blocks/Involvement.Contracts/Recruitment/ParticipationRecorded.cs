namespace Involvement.Contracts.Recruitment;

/// <summary>
/// A member attended a session. Published exactly once per member and session: payments pays from it, so its
/// <see cref="ParticipationId"/> is stable (derived from the session and member) and safe to deduplicate on.
/// </summary>
/// <param name="RateReference">The payment-policy rate the opportunity offered.</param>
/// <param name="RoleType">ambassador, critical_friend, co_worker, consultant or expert_by_experience.</param>
/// <param name="Hours">Time attended, in quarter hours.</param>
public sealed record ParticipationRecorded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid ParticipationId,
    Guid OpportunityId,
    Guid SessionId,
    Guid MemberId,
    string RoleType,
    string RateReference,
    DateTimeOffset SessionStartsAt,
    decimal Hours) : IIntegrationEvent;
