namespace Involvement.Contracts.Recruitment;

/// <summary>The PPI team assessed a project team's involvement request. The notes stay in recruitment.</summary>
/// <param name="RecommendedRung">inform, consult, involve, collaborate or co_produce.</param>
/// <param name="SubmittedAt">When the request was received, so reporting can count requests received and assessed.</param>
public sealed record InvolvementRequestAssessed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid RequestId,
    bool Approved,
    string RecommendedRung,
    DateTimeOffset SubmittedAt) : IIntegrationEvent;
