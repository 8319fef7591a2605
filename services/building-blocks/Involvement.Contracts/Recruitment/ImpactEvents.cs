namespace Involvement.Contracts.Recruitment;

/// <summary>
/// An opportunity's impact record as it now stands (4PI Impact): how its intended outcomes turned out and the
/// feedback given back. Published whenever outcomes are recorded or feedback is given; <c>AggregateVersion</c> rises
/// each time, so apply the highest. Only feedback the PPI team marked publishable carries its text.
/// </summary>
/// <param name="IntendedOutcomes">Outcomes stated at the start.</param>
/// <param name="Achieved">Of those, achieved (0 until outcomes are recorded); likewise the next two.</param>
/// <param name="FeedbackGiven">Times feedback was given back to participants ("We said, we did").</param>
/// <param name="FirstFeedbackOn">When feedback was first given; null if not yet.</param>
public sealed record ImpactRecorded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid OpportunityId,
    int IntendedOutcomes,
    bool OutcomesRecorded,
    int Achieved,
    int PartlyAchieved,
    int NotAchieved,
    int FeedbackGiven,
    DateOnly? FirstFeedbackOn,
    IReadOnlyList<PublishableFeedback> Publishable) : IIntegrationEvent;

/// <summary>"We said, we did", as the PPI team agreed it may be published.</summary>
public sealed record PublishableFeedback(Guid FeedbackId, DateOnly GivenOn, string WeSaid, string WeDid);

/// <summary>
/// A participant returned their end-of-involvement questionnaire. Scores only: no comments and no member id, so
/// reporting averages answers without knowing whose they are.
/// </summary>
/// <param name="FeltValued">1 (not at all) to 5 (completely); likewise <paramref name="Influence"/> and <paramref name="Support"/>.</param>
public sealed record QuestionnaireSubmitted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid OpportunityId,
    int FeltValued,
    int Influence,
    int Support,
    bool WouldTakePartAgain) : IIntegrationEvent;
