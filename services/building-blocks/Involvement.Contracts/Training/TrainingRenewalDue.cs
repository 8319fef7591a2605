namespace Involvement.Contracts.Training;

/// <summary>
/// A member's certificate expires soon (Training__RenewalDueDays ahead): a trust's messaging system can remind them.
/// Published once per certificate; not at all for one renewed or superseded before it fell due.
/// </summary>
/// <param name="ExpiresOn">The first day the certificate is no longer valid.</param>
public sealed record TrainingRenewalDue(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid CertificateId,
    Guid MemberId,
    string ModuleCode,
    DateOnly ExpiresOn) : IIntegrationEvent;
