namespace Involvement.Contracts.Payments;

/// <summary>Finance confirmed a payment run paid; a <see cref="ClaimPaid"/> for each of its claims precedes it.</summary>
/// <param name="AggregateVersion">The run's version once confirmed.</param>
/// <param name="PaymentMethod">bank_transfer or vouchers.</param>
/// <param name="ClaimCount">Claims paid in the run (returned claims are not counted).</param>
/// <param name="ReturnedCount">Claims taken out of the run before it was confirmed.</param>
public sealed record PaymentRunConfirmed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid PaymentRunId,
    string Reference,
    string PaymentMethod,
    DateOnly PaidOn,
    int ClaimCount,
    long TotalPence,
    int ReturnedCount,
    int PaidOnTimeCount) : IIntegrationEvent;
