namespace Involvement.Contracts.Recruitment;

/// <summary>A member was given a seat or a reserve place on an opportunity (a promoted reserve is selected again, with a seat).</summary>
/// <param name="Place"><c>seat</c> or <c>reserve</c>.</param>
/// <param name="AggregateVersion">The participant record's version: a later event for the same member and opportunity supersedes an earlier one.</param>
public sealed record ParticipantSelected(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid OpportunityId,
    Guid MemberId,
    string Place,
    bool PromotedFromReserve) : IIntegrationEvent;
