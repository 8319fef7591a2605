namespace Involvement.Contracts.Recruitment;

/// <summary>A member moved along applicant -> active -> paused -> left. The reason stays in recruitment: it may be personal.</summary>
/// <param name="Status">One of <c>applicant</c>, <c>active</c>, <c>paused</c>, <c>left</c>.</param>
public sealed record MemberStatusChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid MemberId,
    string Status,
    string PreviousStatus) : IIntegrationEvent;
