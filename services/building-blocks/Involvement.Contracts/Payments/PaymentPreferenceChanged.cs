namespace Involvement.Contracts.Payments;

/// <summary>
/// A payee's payment preference changed. Only the code travels: no name, no bank details.
/// </summary>
/// <param name="AggregateVersion">The payee's version after the change.</param>
/// <param name="Preference">bank_transfer, vouchers, expenses_only (fees declined) or declined (fees recorded, never paid).</param>
public sealed record PaymentPreferenceChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid MemberId,
    string Preference) : IIntegrationEvent;
