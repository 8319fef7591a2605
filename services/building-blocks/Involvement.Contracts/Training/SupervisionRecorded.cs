namespace Involvement.Contracts.Training;

/// <summary>A support session took place. Reporting works out supervision coverage from it; no notes travel.</summary>
/// <param name="Kind">administrative, supervision or emotional.</param>
/// <param name="Format">individual or group.</param>
/// <param name="MemberIds">The members who attended (staff attendees are counted in <paramref name="StaffAttended"/>).</param>
public sealed record SupervisionRecorded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid SupportSessionId,
    string Kind,
    string Format,
    DateOnly HeldOn,
    IReadOnlyList<Guid> MemberIds,
    int StaffAttended) : IIntegrationEvent;
