namespace Involvement.Contracts.Training;

/// <summary>A mentor and a new representative were paired.</summary>
/// <param name="MentorKind">member or staff; a staff mentor's id is their learner id, a member mentor's their member id.</param>
public sealed record MentoringPairStarted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid PairingId,
    Guid MentorId,
    string MentorKind,
    Guid MenteeMemberId,
    DateOnly StartedOn) : IIntegrationEvent;

/// <summary>A mentoring pairing ended.</summary>
public sealed record MentoringPairEnded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid PairingId,
    Guid MentorId,
    Guid MenteeMemberId,
    DateOnly StartedOn,
    DateOnly EndedOn) : IIntegrationEvent;
