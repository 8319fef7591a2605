namespace Involvement.Contracts.Training;

/// <summary>A training session (cohort) was delivered. Reporting counts workshops delivered and the co-facilitated share.</summary>
/// <param name="Audience">service_users_and_carers, staff or both.</param>
/// <param name="CoFacilitated">Whether an expert by experience and an expert by training facilitated it together.</param>
/// <param name="HeldOn">The UK date of its last day.</param>
/// <param name="MembersAttended">Members who attended at least one day; <paramref name="StaffAttended"/> likewise for staff.</param>
public sealed record TrainingSessionHeld(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid SessionId,
    string ModuleCode,
    string Audience,
    bool CoFacilitated,
    DateOnly HeldOn,
    int MembersAttended,
    int StaffAttended) : IIntegrationEvent;
