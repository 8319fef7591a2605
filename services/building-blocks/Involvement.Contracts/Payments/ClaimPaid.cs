namespace Involvement.Contracts.Payments;

/// <summary>
/// A claim was paid in a confirmed payment run. Published once per claim: a claim is paid exactly once. Its amounts
/// are those of <see cref="ClaimApproved"/>, by kind, category and cost centre; no names, bank details or free text.
/// </summary>
/// <param name="AggregateVersion">The claim's version once paid.</param>
/// <param name="PaymentMethod">bank_transfer or vouchers.</param>
/// <param name="PaidOnTime">Whether <paramref name="PaidOn"/> is on or before <paramref name="DueOn"/>.</param>
public sealed record ClaimPaid(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid ClaimId,
    string ClaimReference,
    Guid MemberId,
    Guid PaymentRunId,
    string PaymentMethod,
    DateOnly SubmittedOn,
    DateOnly DueOn,
    DateOnly PaidOn,
    bool PaidOnTime,
    ClaimAmounts Amounts) : IIntegrationEvent;
