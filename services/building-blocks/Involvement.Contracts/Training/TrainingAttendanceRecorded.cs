namespace Involvement.Contracts.Training;

/// <summary>
/// A member attended a paid training session (one that offers a rate). Published once per learner and session, when
/// the session is marked held, so payments pays it as it pays <c>ParticipationRecorded</c>: its
/// <see cref="AttendanceId"/> is derived from the session and the member and is safe to deduplicate on.
/// </summary>
/// <param name="SessionStartsAt">When the first day the member attended began.</param>
/// <param name="Hours">Time attended over every day of the session, in quarter hours.</param>
/// <param name="CostCentre">Where the fee is charged; null for the payments default.</param>
public sealed record TrainingAttendanceRecorded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid AttendanceId,
    Guid SessionId,
    string ModuleCode,
    Guid MemberId,
    string RateReference,
    string? CostCentre,
    DateTimeOffset SessionStartsAt,
    decimal Hours) : IIntegrationEvent;
