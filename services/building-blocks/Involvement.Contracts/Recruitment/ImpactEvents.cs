namespace Involvement.Contracts.Recruitment;

/// <summary>How an opportunity's intended outcomes turned out (4PI Impact), recorded or revised.</summary>
/// <param name="AggregateVersion">The outcomes record's version: a later record supersedes an earlier one.</param>
public sealed record OpportunityOutcomesRecorded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid OpportunityId,
    int Intended,
    int Achieved,
    int PartlyAchieved,
    int NotAchieved) : IIntegrationEvent;

/// <summary>Participants were told what changed because of them ("We said, we did").</summary>
public sealed record FeedbackGiven(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid OpportunityId,
    Guid FeedbackId,
    DateOnly GivenOn) : IIntegrationEvent;
