namespace Involvement.Contracts.Recruitment;

/// <summary>
/// A project team submitted an involvement request to the PPI team. Only the id and the instant travel: the answers
/// are free text and stay in recruitment. <see cref="InvolvementRequestAssessed"/> follows when it is assessed.
/// </summary>
/// <param name="AggregateVersion">The request's version: 1 when submitted.</param>
public sealed record InvolvementRequestSubmitted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid RequestId,
    DateTimeOffset SubmittedAt) : IIntegrationEvent;
