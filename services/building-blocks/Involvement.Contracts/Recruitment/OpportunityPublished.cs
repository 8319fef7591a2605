namespace Involvement.Contracts.Recruitment;

/// <summary>An opportunity opened to members (<see cref="OpportunityChanged"/> follows any later change).</summary>
/// <param name="Kind">committee, work_stream, project, panel, event or quality_and_safety_review.</param>
/// <param name="Committee">For committee seats, the committee they belong to; otherwise null.</param>
/// <param name="CostCentre">The budget payments charges fees to.</param>
/// <param name="RoleType">ambassador, critical_friend, co_worker, consultant or expert_by_experience.</param>
/// <param name="LevelRequired">The pyramid level required (1-7), or null for any.</param>
/// <param name="RateReference">The payment-policy rate offered; payments honours it for attendance.</param>
/// <param name="PresenceFlags">4PI presence breaches: fewer_than_two_seats, high_level_without_reserve.</param>
public sealed record OpportunityPublished(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid OpportunityId,
    string Title,
    string Kind,
    string? Committee,
    string CostCentre,
    string RoleType,
    int? LevelRequired,
    string RateReference,
    int Seats,
    int ReserveSeats,
    bool HighLevel,
    IReadOnlyList<string> PresenceFlags,
    int IntendedOutcomes,
    IReadOnlyList<OpportunitySession> Sessions) : IIntegrationEvent;

/// <summary>A published opportunity changed; carries its whole new state.</summary>
public sealed record OpportunityChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid OpportunityId,
    string Title,
    string Kind,
    string? Committee,
    string CostCentre,
    string RoleType,
    int? LevelRequired,
    string RateReference,
    int Seats,
    int ReserveSeats,
    bool HighLevel,
    IReadOnlyList<string> PresenceFlags,
    int IntendedOutcomes,
    IReadOnlyList<OpportunitySession> Sessions) : IIntegrationEvent;

/// <param name="Place">Where it happens (for mileage); null when online only.</param>
public sealed record OpportunitySession(Guid SessionId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool Online, string? Place);
