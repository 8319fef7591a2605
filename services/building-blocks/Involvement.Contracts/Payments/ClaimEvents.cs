namespace Involvement.Contracts.Payments;

/// <summary>
/// What a claim pays, by kind and category, for subscribers that count money (reporting, budgets). Fees are income;
/// expenses are reimbursed costs. Amounts are whole pence.
/// </summary>
/// <param name="FeesPence">Payable fee lines.</param>
/// <param name="ExpensesPence">Reimbursed expenses (travel the trust booked is not reimbursed and not counted here).</param>
/// <param name="TotalPence">Fees plus reimbursed expenses: what the member is paid.</param>
/// <param name="ExpensesByCategoryPence">Reimbursed expenses by category code (mileage, fare, parking, childcare,
/// replacement_care, personal_assistant, subsistence, sundries); categories without any are left out.</param>
/// <param name="BookedByTrustPence">Travel the trust booked and paid the provider for, recorded against the budget.</param>
/// <param name="CostCentres">What each cost centre is charged (fees, reimbursed and booked expenses).</param>
public sealed record ClaimAmounts(
    long FeesPence,
    long ExpensesPence,
    long TotalPence,
    IReadOnlyDictionary<string, long> ExpensesByCategoryPence,
    long BookedByTrustPence,
    IReadOnlyList<CostCentreAmount> CostCentres);

public sealed record CostCentreAmount(string CostCentre, long AmountPence);

/// <summary>A member's claim was submitted (first submission; answering a query does not submit it again as news).</summary>
/// <param name="PaymentMethod">bank_transfer or vouchers, fixed from the payee's preference.</param>
/// <param name="SubmittedOn">The UK date it was submitted.</param>
/// <param name="DueOn">The date it must be paid by.</param>
public sealed record ClaimSubmitted(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid ClaimId,
    string ClaimReference,
    Guid MemberId,
    string PaymentMethod,
    DateOnly SubmittedOn,
    DateOnly DueOn,
    ClaimAmounts Amounts) : IIntegrationEvent;

/// <summary>A claim was approved by someone other than whoever created or submitted it; it can now join a payment run.</summary>
public sealed record ClaimApproved(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid ClaimId,
    string ClaimReference,
    Guid MemberId,
    string PaymentMethod,
    DateOnly SubmittedOn,
    DateOnly DueOn,
    DateOnly ApprovedOn,
    ClaimAmounts Amounts) : IIntegrationEvent;

/// <summary>A claim was rejected. The reason is free text and stays in payments.</summary>
public sealed record ClaimRejected(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid ClaimId,
    string ClaimReference,
    Guid MemberId,
    DateOnly? SubmittedOn,
    DateOnly RejectedOn,
    ClaimAmounts Amounts) : IIntegrationEvent;
