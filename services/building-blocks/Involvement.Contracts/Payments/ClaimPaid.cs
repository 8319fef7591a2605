namespace Involvement.Contracts.Payments;

/// <summary>
/// A claim was paid in a confirmed payment run. Published once per claim: a claim is paid exactly once. Amounts are
/// split by kind (fees, and expenses by category) and by cost centre; no names, bank details or free text.
/// </summary>
/// <param name="AggregateVersion">The claim's version once paid.</param>
/// <param name="PaymentMethod">bank_transfer or vouchers.</param>
/// <param name="FeesPence">Fees paid (income to the member).</param>
/// <param name="ExpensesPence">Expenses reimbursed (not income), the sum of <paramref name="ExpensesByCategory"/>.</param>
/// <param name="ExpensesByCategory">Category (mileage, fare, parking, ...) to pence, categories with an amount only.</param>
/// <param name="CostCentres">Each cost centre charged and its share of the total.</param>
/// <param name="PaidOnTime">Whether <paramref name="PaidOn"/> is on or before <paramref name="DueOn"/>.</param>
public sealed record ClaimPaid(
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AggregateVersion,
    Guid ClaimId,
    Guid MemberId,
    Guid PaymentRunId,
    string PaymentMethod,
    long TotalPence,
    long FeesPence,
    long ExpensesPence,
    IReadOnlyDictionary<string, long> ExpensesByCategory,
    IReadOnlyList<CostCentreAmount> CostCentres,
    DateOnly SubmittedOn,
    DateOnly DueOn,
    DateOnly PaidOn,
    bool PaidOnTime) : IIntegrationEvent;

/// <summary>An amount charged to one cost centre.</summary>
public sealed record CostCentreAmount(string CostCentre, long AmountPence);
