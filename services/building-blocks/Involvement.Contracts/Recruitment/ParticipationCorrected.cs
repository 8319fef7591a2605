namespace Involvement.Contracts.Recruitment;

/// <summary>
/// The PPI team corrected recorded attendance. Payments adjusts the fee for <see cref="ParticipationId"/> (the same
/// id <see cref="ParticipationRecorded"/> carried, or a new one if the member was first recorded as absent); there is
/// never a second ParticipationRecorded. <c>AggregateVersion</c> rises with each correction: apply the highest.
/// </summary>
/// <param name="Attended">Whether the member attended, as corrected.</param>
/// <param name="Hours">Hours attended as corrected, in quarter hours; 0 when not attended.</param>
/// <param name="PreviousHours">Hours before the correction (0 if recorded as absent).</param>
public sealed record ParticipationCorrected(
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
    bool Attended,
    decimal Hours,
    decimal PreviousHours) : IIntegrationEvent;
