namespace Involvement.Contracts.Recruitment;

/// <summary>A person joined the involvement pool (as an applicant, having consented to their data being held).</summary>
/// <param name="LivedExperienceType">One of <see cref="LivedExperienceTypes"/>.</param>
/// <param name="InvolvementLevel">The KMPT pyramid level, 1 (information) to 7 (patient director).</param>
/// <param name="CareGroup">The trust's service division the member is linked to, if any; <paramref name="Locality"/> likewise.</param>
public sealed record MemberRegistered(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid MemberId,
    string DisplayName,
    string LivedExperienceType,
    int InvolvementLevel,
    DateTimeOffset RegisteredAt,
    string? CareGroup,
    string? Locality) : IIntegrationEvent;
